package io.github.signalbox.locks;

import io.github.signalbox.Guard;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A read or write hold of a {@link ReadersWritersLock} acquired asynchronously: it belongs to
 * this handle, not to a thread, so any thread may close it, once (later closes do nothing, also
 * when two threads race to close it).
 */
final class AsyncHold implements Guard {

    final RwEngine engine;
    private final boolean write;
    @SuppressWarnings("unused") // through CLOSED
    private volatile int closed;

    AsyncHold(RwEngine engine, boolean write) {
        this.engine = engine;
        this.write = write;
    }

    @Override
    public void close() {
        if (CLOSED.compareAndSet(this, 0, 1)) {
            if (write) {
                engine.releaseAsyncWrite();
            } else {
                engine.releaseAsyncRead();
            }
        }
    }

    boolean isOpen() {
        return closed == 0;
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

    private static final VarHandle CLOSED;

    static {
        try {
            CLOSED = MethodHandles.lookup().findVarHandle(AsyncHold.class, "closed", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
