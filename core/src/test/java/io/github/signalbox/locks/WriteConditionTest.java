package io.github.signalbox.locks;

import static io.github.signalbox.TestThreads.awaitParked;
import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The write lock's conditions behave like ReentrantLock's. */
class WriteConditionTest {

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void awaitReleasesAllHoldsAndSignalRestoresThem(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        Condition ready = lock.writeLock().newCondition();
        AtomicBoolean flag = new AtomicBoolean();
        try (TestThreads threads = new TestThreads()) {
            Thread waiter = threads.start("waiter", () -> {
                lock.writeLock().lock();
                lock.writeLock().lock();
                try {
                    while (!flag.get()) {
                        ready.await();
                    }
                    assertEquals(2, lock.getWriteHoldCount());
                } finally {
                    lock.writeLock().unlock();
                    lock.writeLock().unlock();
                }
            });
            awaitTrue("waiting", () -> lock.getWaitQueueLength(ready) == 1);
            awaitParked(waiter);
            assertTrue(lock.writeLock().tryLock(), "await released the write lock");
            flag.set(true);
            ready.signal();
            assertEquals(0, lock.getWaitQueueLength(ready));
            lock.writeLock().unlock();
        }
        assertFalse(lock.isWriteLocked());
    }

    @Test
    void signalAllWakesEveryWaiter() throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock();
        Condition c = lock.writeLock().newCondition();
        try (TestThreads threads = new TestThreads()) {
            for (int i = 0; i < 3; i++) {
                threads.start("waiter-" + i, () -> {
                    lock.writeLock().lock();
                    try {
                        c.awaitUninterruptibly();
                    } finally {
                        lock.writeLock().unlock();
                    }
                });
            }
            awaitTrue("all waiting", () -> lock.getWaitQueueLength(c) == 3);
            lock.writeLock().lock();
            c.signalAll();
            lock.writeLock().unlock();
        }
        assertEquals(0, lock.getWaitQueueLength(c));
    }

    @Test
    void misuseIsRefused() {
        ReadersWritersLock lock = new ReadersWritersLock();
        Condition c = lock.writeLock().newCondition();
        assertThrows(IllegalMonitorStateException.class, c::await);
        assertThrows(IllegalMonitorStateException.class, c::signal);
        assertThrows(IllegalMonitorStateException.class, c::signalAll);
        lock.writeLock().lock();
        lock.readLock().lock();
        assertThrows(IllegalMonitorStateException.class, c::await, "would self-deadlock");
        lock.readLock().unlock();
        lock.writeLock().unlock();
        assertThrows(IllegalArgumentException.class,
                () -> lock.getWaitQueueLength(new ReadersWritersLock().writeLock().newCondition()));
        assertThrows(NullPointerException.class, () -> c.awaitUntil(null));
    }

    @Test
    void timedAwaitTimesOutAndReacquires() throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock();
        Condition c = lock.writeLock().newCondition();
        lock.writeLock().lock();
        long start = System.nanoTime();
        assertTrue(c.awaitNanos(TimeUnit.MILLISECONDS.toNanos(30)) <= 0);
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
        assertFalse(c.await(1, TimeUnit.MILLISECONDS));
        assertFalse(c.awaitUntil(new Date(System.currentTimeMillis() - 1)));
        assertTrue(lock.isWriteLockedByCurrentThread());
        assertEquals(0, lock.getWaitQueueLength(c));
        lock.writeLock().unlock();
    }

    @Test
    void interruptedAwaitThrowsAfterReacquiring() throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock();
        Condition c = lock.writeLock().newCondition();
        try (TestThreads threads = new TestThreads()) {
            Thread t = threads.start("waiter", () -> {
                lock.writeLock().lock();
                try {
                    assertThrows(InterruptedException.class, c::await);
                    assertTrue(lock.isWriteLockedByCurrentThread());
                } finally {
                    lock.writeLock().unlock();
                }
            });
            awaitTrue("waiting", () -> lock.getWaitQueueLength(c) == 1);
            t.interrupt();
        }
        assertEquals(0, lock.getWaitQueueLength(c));
        assertFalse(lock.isWriteLocked());
    }

    /**
     * Issue 11 item 5: awaitNanos measures the time left after the lock was re-taken, so a
     * signal in time followed by a late re-acquisition returns at most zero, while the boolean
     * await reports the signal as in time (as ReentrantLock's conditions do).
     */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void awaitNanosReportsTheTimeLeftAfterReacquiring(ReadersWritersPolicy policy)
            throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        Condition c = lock.writeLock().newCondition();
        long timeout = TimeUnit.MILLISECONDS.toNanos(200);
        long[] left = new long[1];
        boolean[] inTime = new boolean[1];
        try (TestThreads threads = new TestThreads()) {
            Thread nanos = threads.start("awaitNanos", () -> {
                lock.writeLock().lock();
                try {
                    left[0] = c.awaitNanos(timeout);
                } finally {
                    lock.writeLock().unlock();
                }
            });
            Thread timed = threads.start("await(time, unit)", () -> {
                lock.writeLock().lock();
                try {
                    inTime[0] = c.await(timeout, TimeUnit.NANOSECONDS);
                } finally {
                    lock.writeLock().unlock();
                }
            });
            awaitTrue("both await", () -> waiters(lock, c) == 2);
            lock.writeLock().lock();
            try {
                c.signalAll();
                long held = System.nanoTime();
                // keep the lock past both deadlines: a fixed hold, not a guess about scheduling
                while (System.nanoTime() - held < timeout + TimeUnit.MILLISECONDS.toNanos(100)) {
                    Thread.onSpinWait();
                }
            } finally {
                lock.writeLock().unlock();
            }
            nanos.join(TestThreads.LONG_DELAY_MS);
            timed.join(TestThreads.LONG_DELAY_MS);
        }
        assertTrue(left[0] <= 0, "no time remains, yet awaitNanos returned " + left[0]);
        assertTrue(inTime[0], "the signal came before the deadline");
    }

    private static int waiters(ReadersWritersLock lock, Condition c) {
        lock.writeLock().lock();
        try {
            return lock.getWaitQueueLength(c);
        } finally {
            lock.writeLock().unlock();
        }
    }
}
