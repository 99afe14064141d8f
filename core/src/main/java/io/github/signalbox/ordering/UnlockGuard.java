package io.github.signalbox.ordering;

import io.github.signalbox.Guard;
import java.util.concurrent.locks.Lock;

/** A {@link Guard} that unlocks one lock the first time it is closed. */
final class UnlockGuard implements Guard {

    private final Lock lock;
    private boolean closed;

    UnlockGuard(Lock lock) {
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
