package io.github.signalbox.internal;

import io.github.signalbox.Guard;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;

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

    /**
     * The guard of {@code lock} if {@code tryLock()} takes it, else empty.
     *
     * @param lock the lock
     * @return the guard, or empty
     */
    public static Optional<Guard> tryLock(Lock lock) {
        return lock.tryLock() ? Optional.of(new LockGuard(lock)) : Optional.empty();
    }

    /**
     * The guard of {@code lock} if {@code tryLock(time, unit)} takes it, else empty.
     *
     * @param lock the lock
     * @param time how long to wait
     * @param unit the unit of {@code time}
     * @return the guard, or empty if the time ran out
     * @throws InterruptedException if interrupted while waiting
     */
    public static Optional<Guard> tryLock(Lock lock, long time, TimeUnit unit)
            throws InterruptedException {
        return lock.tryLock(time, unit) ? Optional.of(new LockGuard(lock)) : Optional.empty();
    }

    /**
     * Runs {@code body} holding {@code lock} (taken with {@code lock()}) and returns its result.
     *
     * @param <T> the result type
     * @param lock the lock
     * @param body what to run
     * @return the body's result
     */
    public static <T> T with(Lock lock, Supplier<? extends T> body) {
        Objects.requireNonNull(body, "body");
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Runs {@code body} holding {@code lock} (taken with {@code lock()}).
     *
     * @param lock the lock
     * @param body what to run
     */
    public static void with(Lock lock, Runnable body) {
        Objects.requireNonNull(body, "body");
        lock.lock();
        try {
            body.run();
        } finally {
            lock.unlock();
        }
    }
}
