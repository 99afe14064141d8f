package io.github.signalbox.stress.locks;

import io.github.signalbox.locks.ReadersWritersLock;
import java.util.concurrent.TimeUnit;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;

/**
 * The Lincheck scenario of a readers-writers lock: self-contained operations (acquire, touch a
 * guarded two-field counter, release, return what was seen), so that each is linearizable and
 * the class itself is its sequential specification. Writers increment both fields; readers
 * return the value, or -1 if they saw the two fields differ (a reader inside a write). Lost
 * updates show up as impossible counter values, broken exclusion as -1, a lost wakeup or a
 * deadlock as a hang.
 *
 * <p>The try and zero-timeout forms fall back to a blocking acquisition when they fail, so every
 * operation stays self-contained and deterministic in a sequential run: a try that wrongly
 * succeeds breaks exclusion. (An unbounded retry loop would make the model checker report a
 * livelock of the schedule rather than of the lock; that a try never fails wrongly is proven by
 * the jcstress test TryLockConsistency.)
 */
public abstract class ReadersWritersLockScenario {

    private final ReadersWritersLock lock;
    private int first;
    private int second;

    protected ReadersWritersLockScenario(ReadersWritersLock lock) {
        this.lock = lock;
    }

    /** Holds the write lock (acquiring it blocking unless {@code acquired}) to increment. */
    private int write(boolean acquired) {
        if (!acquired) {
            lock.writeLock().lock();
        }
        try {
            first++;
            second++;
            return first;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Holds the read lock (acquiring it blocking unless {@code acquired}) to observe. */
    private int read(boolean acquired) {
        if (!acquired) {
            lock.readLock().lock();
        }
        try {
            int f = first;
            int s = second;
            return f == s ? f : -1;
        } finally {
            lock.readLock().unlock();
        }
    }

    @Operation
    public int write() {
        return write(false);
    }

    @Operation
    public int tryWrite() {
        return write(lock.writeLock().tryLock());
    }

    @Operation
    public int zeroTimeoutWrite() throws InterruptedException {
        return write(lock.writeLock().tryLock(0, TimeUnit.NANOSECONDS));
    }

    @Operation
    public int read() {
        return read(false);
    }

    @Operation
    public int tryRead() {
        return read(lock.readLock().tryLock());
    }

    @Operation
    public int zeroTimeoutRead() throws InterruptedException {
        return read(lock.readLock().tryLock(0, TimeUnit.NANOSECONDS));
    }
}
