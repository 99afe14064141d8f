package io.github.signalbox.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * JDK 21+: blocking parks through LockSupport, so virtual threads unmount while they wait. Drives
 * 10,000 virtual threads (9 readers to 1 writer) through each policy to completion, then 65,536
 * concurrent readers.
 */
class VirtualThreadsTest {

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void tenThousandVirtualThreadsComplete(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        int n = 10_000;
        AtomicInteger done = new AtomicInteger();
        int[] counter = new int[1];
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            boolean writer = i % 10 == 0;
            threads.add(Thread.ofVirtual().name("vt-" + i).start(() -> {
                if (writer) {
                    lock.writeLock().lock();
                    try {
                        counter[0]++;
                        Thread.yield(); // unmount while holding: others must park, not spin forever
                    } finally {
                        lock.writeLock().unlock();
                    }
                } else {
                    lock.readLock().lock();
                    try {
                        Thread.yield();
                    } finally {
                        lock.readLock().unlock();
                    }
                }
                done.incrementAndGet();
            }));
        }
        for (Thread t : threads) {
            assertTrue(t.join(java.time.Duration.ofMillis(TestThreads.LONG_DELAY_MS * 3)),
                    () -> "not finished: " + t + " " + lock);
        }
        assertEquals(n, done.get());
        lock.writeLock().lock();
        assertEquals(n / 10, counter[0]);
        lock.writeLock().unlock();
        assertEquals(0, lock.getQueueLength());
        assertEquals(0, lock.getReadLockCount());
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void sixtyFiveThousandConcurrentReaders(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        int n = 65_536;
        CountDownLatch allIn = new CountDownLatch(n);
        CountDownLatch leave = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                lock.readLock().lock();
                try {
                    allIn.countDown();
                    leave.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                } finally {
                    lock.readLock().unlock();
                }
            }));
        }
        assertTrue(allIn.await(TestThreads.LONG_DELAY_MS * 3, TimeUnit.MILLISECONDS));
        assertEquals(n, lock.getReadLockCount());
        assertFalse(lock.writeLock().tryLock());
        leave.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(0, lock.getReadLockCount());
        assertTrue(lock.writeLock().tryLock());
        lock.writeLock().unlock();
    }

    /**
     * 100,000 virtual threads each read the lock once and end: none of them stays reachable
     * through the lock, with no writer ever coming, and the next write is an ordinary one.
     */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void hundredThousandEndedVirtualReadersLeaveNothingBehind(ReadersWritersPolicy policy)
            throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        List<java.lang.ref.WeakReference<Thread>> ended = new ArrayList<>(100_000);
        for (int batch = 0; batch < 10; batch++) {
            List<Thread> threads = new ArrayList<>(10_000);
            for (int i = 0; i < 10_000; i++) {
                Thread t = Thread.ofVirtual().start(() -> {
                    lock.readLock().lock();
                    lock.readLock().unlock();
                });
                threads.add(t);
                ended.add(new java.lang.ref.WeakReference<>(t));
            }
            for (Thread t : threads) {
                assertTrue(t.join(java.time.Duration.ofMillis(TestThreads.LONG_DELAY_MS)));
            }
        }
        assertEquals(0, lock.getReadLockCount());
        TestThreads.awaitTrue("every ended virtual reader collected", () -> {
            System.gc();
            return ended.stream().allMatch(r -> r.get() == null);
        });
        assertTrue(lock.writeLock().tryLock());
        lock.writeLock().unlock();
    }
}
