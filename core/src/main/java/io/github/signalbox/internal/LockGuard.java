package io.github.signalbox.internal;

import io.github.signalbox.Guard;
import java.util.concurrent.locks.Lock;

/**
 * A {@link Guard} that unlocks a {@link Lock} the first time it is closed: the guard of every
 * lock family.
 */
public final class LockGuard implements Guard {

    private final Lock lock;
    private boolean closed;

    /**
     * A guard for a lock the current thread has just acquired.
     *
     * @param lock the lock to release on close
     */
    public LockGuard(Lock lock) {
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
