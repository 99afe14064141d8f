package io.github.signalbox.locks;

import static io.github.signalbox.TestThreads.awaitParked;
import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Interrupts and timeouts: once per acquisition flavour, and the races where real bugs were. */
class ReadersWritersCancellationTest {

    enum Side {
        READ(ReadersWritersLock::readLock), WRITE(ReadersWritersLock::writeLock);

        final Function<ReadersWritersLock, Lock> lockOf;

        Side(Function<ReadersWritersLock, Lock> lockOf) {
            this.lockOf = lockOf;
        }
    }

    /** Blocks {@code side} of a fresh lock by holding the write lock in this thread. */
    @ParameterizedTest
    @EnumSource(Side.class)
    void interruptSetOnEntryThrowsAndClearsTheStatus(Side side) {
        for (ReadersWritersPolicy policy : ReadersWritersPolicy.values()) {
            ReadersWritersLock lock = new ReadersWritersLock(policy);
            Lock l = side.lockOf.apply(lock);
            for (AcquireMethod m : AcquireMethod.values()) {
                Thread.currentThread().interrupt();
                if (m.interruptible()) {
                    assertThrows(InterruptedException.class, () -> m.acquire(l), m.name());
                    assertFalse(Thread.interrupted(), "status cleared");
                } else {
                    try {
                        assertTrue(m.acquire(l));
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                    assertTrue(Thread.interrupted(), "status kept");
                    l.unlock();
                }
            }
            assertEquals(0, lock.getReadLockCount());
            assertFalse(lock.isWriteLocked());
        }
    }

    @ParameterizedTest
    @EnumSource(AcquireMethod.class)
    void interruptWhileWaitingLeavesNoTrace(AcquireMethod method) throws Exception {
        if (!method.blocks()) {
            return;
        }
        for (ReadersWritersPolicy policy : ReadersWritersPolicy.values()) {
            for (Side side : Side.values()) {
                ReadersWritersLock lock = new ReadersWritersLock(policy);
                lock.writeLock().lock();
                AtomicBoolean acquired = new AtomicBoolean();
                try (TestThreads threads = new TestThreads()) {
                    Thread t = threads.start("waiter", () -> {
                        Lock l = side.lockOf.apply(lock);
                        if (method.interruptible()) {
                            assertThrows(InterruptedException.class, () -> method.acquire(l));
                            assertFalse(Thread.currentThread().isInterrupted());
                            // after an interrupted acquisition the thread does not own the lock
                            assertThrows(IllegalMonitorStateException.class, l::unlock);
                        } else {
                            assertTrue(method.acquire(l));
                            acquired.set(true);
                            assertTrue(Thread.currentThread().isInterrupted(), "status kept");
                            l.unlock();
                        }
                    });
                    awaitTrue("queued", () -> lock.getQueueLength() == 1);
                    awaitParked(t);
                    t.interrupt();
                    if (method.interruptible()) {
                        awaitTrue("left the queue", () -> lock.getQueueLength() == 0);
                        t.join(TestThreads.LONG_DELAY_MS);
                    } else {
                        // the uninterruptible flavour keeps waiting
                        awaitParked(t);
                        assertEquals(1, lock.getQueueLength());
                        assertFalse(acquired.get());
                    }
                    lock.writeLock().unlock();
                }
                assertEquals(0, lock.getQueueLength(), policy + " " + side);
                assertTrue(lock.writeLock().tryLock(), "usable afterwards");
                lock.writeLock().unlock();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void timedAcquisitionFailsOnlyAfterTheFullTimeout(ReadersWritersPolicy policy)
            throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            threads.start("holder", () -> {
                lock.writeLock().lock();
                held.countDown();
                release.await();
                lock.writeLock().unlock();
            });
            held.await();
            for (Side side : Side.values()) {
                long timeoutNanos = TimeUnit.MILLISECONDS.toNanos(50);
                long start = System.nanoTime();
                assertFalse(side.lockOf.apply(lock).tryLock(timeoutNanos, TimeUnit.NANOSECONDS));
                assertTrue(System.nanoTime() - start >= timeoutNanos, "waited the full timeout");
                for (long expired : new long[] {0L, -1L, Long.MIN_VALUE}) {
                    assertFalse(side.lockOf.apply(lock).tryLock(expired, TimeUnit.NANOSECONDS));
                }
            }
            assertEquals(0, lock.getQueueLength());
            release.countDown();
        }
        // Long.MAX_VALUE does not overflow: it waits and then gets the lock
        assertTrue(lock.writeLock().tryLock(Long.MAX_VALUE, TimeUnit.NANOSECONDS));
        lock.writeLock().unlock();
        assertTrue(lock.readLock().tryLock(Long.MAX_VALUE, TimeUnit.DAYS));
        lock.readLock().unlock();
    }

    /**
     * JDK-6571733 shape: a reader holds; a writer waits with a timeout and gives up; readers that
     * queued behind it (WRITER_PREFERENCE, FAIR) must get in at once.
     */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void timedOutWriterReleasesQueuedReaders(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        lock.readLock().lock();
        CountDownLatch writerGaveUp = new CountDownLatch(1);
        CountDownLatch readerIn = new CountDownLatch(1);
        CountDownLatch readerGo = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            threads.start("timed-writer", () -> {
                readerGo.await();
                assertFalse(lock.writeLock().tryLock(200, TimeUnit.MILLISECONDS));
                writerGaveUp.countDown();
            });
            threads.start("reader", () -> {
                readerGo.await();
                awaitTrue("writer queued", () -> lock.getQueuedWriterCount() == 1
                        || writerGaveUp.getCount() == 0);
                lock.readLock().lock();
                readerIn.countDown();
                lock.readLock().unlock();
            });
            readerGo.countDown();
            assertTrue(readerIn.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS),
                    "reader admitted while the first reader still holds");
            assertTrue(writerGaveUp.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
        }
        assertEquals(0, lock.getQueueLength());
        assertEquals(1, lock.getReadLockCount());
        lock.readLock().unlock();
        assertTrue(lock.writeLock().tryLock());
        lock.writeLock().unlock();
    }

    /** An interrupted writer at the head of the queue must not keep readers behind it waiting. */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void interruptedWriterReleasesQueuedReaders(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        lock.readLock().lock();
        CountDownLatch readerIn = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            Thread w = threads.start("writer", () ->
                    assertThrows(InterruptedException.class, () -> lock.writeLock().lockInterruptibly()));
            awaitTrue("writer queued", () -> lock.getQueuedWriterCount() == 1);
            threads.start("reader", () -> {
                lock.readLock().lock();
                readerIn.countDown();
                lock.readLock().unlock();
            });
            if (policy != ReadersWritersPolicy.READER_PREFERENCE) {
                awaitTrue("reader queued", () -> lock.getQueuedReaderCount() == 1);
            }
            w.interrupt();
            assertTrue(readerIn.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
        }
        lock.readLock().unlock();
        assertEquals(0, lock.getQueueLength());
        assertEquals(0, lock.getReadLockCount());
    }

    /**
     * JDK-8191483 / JDK-6801020 shapes: a storm of timed acquisitions with racing timeouts,
     * interrupts and releases, then quiescence: nobody queued, no holds, a try succeeds.
     */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void cancellationStormEndsQuiescent(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        int workers = 6;
        int rounds = 300;
        CountDownLatch ready = new CountDownLatch(workers);
        List<Thread> started = new ArrayList<>();
        AtomicBoolean inWrite = new AtomicBoolean();
        try (TestThreads threads = new TestThreads()) {
            for (int i = 0; i < workers; i++) {
                boolean writer = i % 2 == 0;
                started.add(threads.start((writer ? "w" : "r") + i, () -> {
                    ready.countDown();
                    ThreadLocalRandom rnd = ThreadLocalRandom.current();
                    for (int r = 0; r < rounds; r++) {
                        Lock l = writer ? lock.writeLock() : lock.readLock();
                        boolean got;
                        try {
                            got = l.tryLock(rnd.nextInt(1, 200), TimeUnit.MICROSECONDS);
                        } catch (InterruptedException e) {
                            continue;
                        }
                        if (got) {
                            if (writer) {
                                assertTrue(inWrite.compareAndSet(false, true), "two writers");
                                inWrite.set(false);
                            } else {
                                assertFalse(inWrite.get(), "reader during a write");
                            }
                            l.unlock();
                        }
                    }
                    Thread.interrupted();
                }));
            }
            ready.await();
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            while (started.stream().anyMatch(Thread::isAlive)) {
                started.get(rnd.nextInt(workers)).interrupt();
                Thread.onSpinWait();
            }
        }
        assertEquals(0, lock.getQueueLength(), lock.toString());
        assertEquals(0, lock.getReadLockCount());
        assertFalse(lock.isWriteLocked());
        assertTrue(lock.writeLock().tryLock());
        lock.writeLock().unlock();
        assertTrue(lock.readLock().tryLock());
        lock.readLock().unlock();
    }

    /** JDK-8386085 shape: many microsecond timeouts must not livelock; the lock is then taken. */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void microsecondTimeoutsDoNotLivelock(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        int n = 4;
        CountDownLatch gotIt = new CountDownLatch(n);
        lock.writeLock().lock();
        try (TestThreads threads = new TestThreads()) {
            for (int i = 0; i < n; i++) {
                boolean writer = i % 2 == 0;
                threads.start("t" + i, () -> {
                    Lock l = writer ? lock.writeLock() : lock.readLock();
                    while (!l.tryLock(1, TimeUnit.MICROSECONDS)) {
                        Thread.onSpinWait();
                    }
                    l.unlock();
                    gotIt.countDown();
                });
            }
            lock.writeLock().unlock();
            assertTrue(gotIt.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
        }
        assertEquals(0, lock.getQueueLength());
    }

    /** JDK-6460501 shape: repeated failed timed waits leave nothing behind. */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void repeatedTimeoutsLeakNothing(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            threads.start("holder", () -> {
                lock.writeLock().lock();
                held.countDown();
                release.await();
                lock.writeLock().unlock();
            });
            held.await();
            for (int i = 0; i < 20_000; i++) {
                assertFalse(lock.readLock().tryLock(1, TimeUnit.NANOSECONDS));
                assertFalse(lock.writeLock().tryLock(1, TimeUnit.NANOSECONDS));
            }
            assertEquals(0, lock.getQueueLength());
            release.countDown();
        }
    }
}
