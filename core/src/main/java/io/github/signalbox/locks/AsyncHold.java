package io.github.signalbox.locks;

import io.github.signalbox.Guard;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A read or write hold of a {@link ReadersWritersLock} acquired asynchronously: it belongs to
 * this handle, not to a thread, so any thread may close it, once (later closes do nothing, also
 * when two threads race to close it).
 */
final class AsyncHold implements Guard {

    final RwEngine engine;
    private final boolean write;
    private final AtomicBoolean closed = new AtomicBoolean();

    AsyncHold(RwEngine engine, boolean write) {
        this.engine = engine;
        this.write = write;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (write) {
                engine.releaseAsyncWrite();
            } else {
                engine.releaseAsyncRead();
            }
        }
    }

    boolean isOpen() {
        return !closed.get();
    }

    boolean isWrite() {
        return write;
    }

    String mode() {
        return write ? "async write" : "async read";
    }

    @Override
    public String toString() {
        return mode() + " hold of " + engine.identity() + (isOpen() ? "" : " (closed)");
    }
}
