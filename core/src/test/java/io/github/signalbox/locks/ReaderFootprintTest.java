package io.github.signalbox.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A lock keeps nothing per thread that has read it: threads that read it once and ended are
 * collectable at once, with no writer ever coming to clean up, and the lock's read bookkeeping
 * returns to zero. (The first design kept a slot per thread and lock, referencing the thread,
 * until a writer's scan unlinked it.) Reachability, not timing or heap sizes, so it is
 * deterministic.
 */
class ReaderFootprintTest {

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void endedReaderThreadsAreNotRetainedByTheLock(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        List<WeakReference<Thread>> ended = new ArrayList<>();
        for (int round = 0; round < 10; round++) {
            // 500 threads at a time, half of them overlapping, so both the state word and the
            // visible-readers table are used
            CountDownLatch allIn = new CountDownLatch(500);
            List<Thread> batch = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                Thread t = new Thread(() -> {
                    lock.readLock().lock();
                    try {
                        allIn.countDown();
                        allIn.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        lock.readLock().unlock();
                    }
                });
                batch.add(t);
                ended.add(new WeakReference<>(t));
                t.start();
            }
            for (Thread t : batch) {
                t.join(TestThreads.LONG_DELAY_MS);
                assertFalse(t.isAlive());
            }
        }
        assertEquals(0, lock.getReadLockCount());
        TestThreads.awaitTrue("every ended reader thread collected", () -> {
            System.gc();
            return ended.stream().allMatch(r -> r.get() == null);
        });
        assertTrue(lock.writeLock().tryLock(), "the lock is free");
        lock.writeLock().unlock();
    }

    /**
     * A thread registers in its own line of the visible-readers table, 16 slots; a reader of a
     * 17th biased lock (or one whose line another thread filled) counts itself in the lock's
     * state word instead. Either way writers see it.
     */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void readersBeyondTheirLineStillExcludeWriters(ReadersWritersPolicy policy) throws Exception {
        List<ReadersWritersLock> locks = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            locks.add(new ReadersWritersLock(policy).startReadBiasedForTest());
        }
        for (ReadersWritersLock lock : locks) {
            lock.readLock().lock();
            lock.readLock().lock(); // re-entry, wherever the first hold was counted
        }
        try (TestThreads threads = new TestThreads()) {
            threads.start("writer", () -> {
                for (ReadersWritersLock lock : locks) {
                    assertFalse(lock.writeLock().tryLock(), "a writer got in beside a reader");
                    assertFalse(lock.writeLock().tryLock(0, TimeUnit.NANOSECONDS));
                }
            });
        }
        for (ReadersWritersLock lock : locks) {
            assertEquals(2, lock.getReadHoldCount());
            assertEquals(2, lock.getReadLockCount());
            lock.readLock().unlock();
            lock.readLock().unlock();
            assertEquals(0, lock.getReadLockCount());
        }
        try (TestThreads threads = new TestThreads()) {
            threads.start("writer", () -> {
                for (ReadersWritersLock lock : locks) {
                    assertTrue(lock.writeLock().tryLock(), lock.toString());
                    lock.writeLock().unlock();
                }
            });
        }
    }
}
