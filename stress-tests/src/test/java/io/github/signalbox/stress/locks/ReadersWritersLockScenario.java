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

    private int incrementBoth() {
        first++;
        second++;
        return first;
    }

    private int observe() {
        int f = first;
        int s = second;
        return f == s ? f : -1;
    }

    @Operation
    public int write() {
        lock.writeLock().lock();
        try {
            return incrementBoth();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Operation
    public int tryWrite() {
        if (!lock.writeLock().tryLock()) {
            lock.writeLock().lock();
        }
        try {
            return incrementBoth();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Operation
    public int zeroTimeoutWrite() throws InterruptedException {
        if (!lock.writeLock().tryLock(0, TimeUnit.NANOSECONDS)) {
            lock.writeLock().lockInterruptibly();
        }
        try {
            return incrementBoth();
        } finally {
            lock.writeLock().unlock();
        }
    }

    @Operation
    public int read() {
        lock.readLock().lock();
        try {
            return observe();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Operation
    public int tryRead() {
        if (!lock.readLock().tryLock()) {
            lock.readLock().lock();
        }
        try {
            return observe();
        } finally {
            lock.readLock().unlock();
        }
    }

    @Operation
    public int zeroTimeoutRead() throws InterruptedException {
        if (!lock.readLock().tryLock(0, TimeUnit.NANOSECONDS)) {
            lock.readLock().lockInterruptibly();
        }
        try {
            return observe();
        } finally {
            lock.readLock().unlock();
        }
    }
}
