package io.github.signalbox.locks;

import io.github.signalbox.Guard;
import java.util.concurrent.locks.Lock;

/** A {@link Guard} that unlocks a {@link Lock} the first time it is closed. */
final class LockGuard implements Guard {

    private final Lock lock;
    private boolean closed;

    LockGuard(Lock lock) {
        this.lock = lock;
    }

    @Override
    public void close() {
        if (!closed) {
            lock.unlock();
            closed = true;
        }
    }
}
