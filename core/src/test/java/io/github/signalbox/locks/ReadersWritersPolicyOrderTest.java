package io.github.signalbox.locks;

import static io.github.signalbox.TestThreads.awaitParked;
import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Deterministic proofs of what each policy lets in, and in which order. */
class ReadersWritersPolicyOrderTest {

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void manyReadersHoldTheLockTogether(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        int n = 8;
        CountDownLatch allIn = new CountDownLatch(n);
        CountDownLatch leave = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            for (int i = 0; i < n; i++) {
                threads.start("reader-" + i, () -> {
                    lock.readLock().lock();
                    try {
                        allIn.countDown();
                        leave.await();
                    } finally {
                        lock.readLock().unlock();
                    }
                });
            }
            assertTrue(allIn.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
            assertEquals(n, lock.getReadLockCount());
            assertFalse(lock.writeLock().tryLock());
            leave.countDown();
        }
        assertEquals(0, lock.getReadLockCount(), "reader count must not leak");
        assertTrue(lock.writeLock().tryLock());
        lock.writeLock().unlock();
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void writerWaitsForActiveReaders(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        lock.readLock().lock();
        CountDownLatch writerIn = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            Thread w = threads.start("writer", () -> {
                lock.writeLock().lock();
                writerIn.countDown();
                lock.writeLock().unlock();
            });
            awaitTrue("writer queued", () -> lock.getQueuedWriterCount() == 1);
            awaitParked(w);
            assertEquals(1, writerIn.getCount());
            lock.readLock().unlock();
            assertTrue(writerIn.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
        }
        assertEquals(0, lock.getQueueLength());
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void readerWaitsForWriter(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        lock.writeLock().lock();
        CountDownLatch readerIn = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            threads.start("reader", () -> {
                assertFalse(lock.readLock().tryLock());
                lock.readLock().lock();
                readerIn.countDown();
                lock.readLock().unlock();
            });
            awaitTrue("reader queued", () -> lock.getQueuedReaderCount() == 1);
            assertEquals(1, readerIn.getCount());
            lock.writeLock().unlock();
            assertTrue(readerIn.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
        }
    }

    /**
     * R1 holds, W queues, then R2 arrives: under READER_PREFERENCE R2 enters at once; under
     * WRITER_PREFERENCE and FAIR it waits until W is done.
     */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void newReaderVersusWaitingWriter(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        List<String> log = new CopyOnWriteArrayList<>();
        lock.readLock().lock(); // R1 = this thread
        try (TestThreads threads = new TestThreads()) {
            threads.start("W", () -> {
                lock.writeLock().lock();
                log.add("W");
                lock.writeLock().unlock();
            });
            awaitTrue("W queued", () -> lock.getQueuedWriterCount() == 1);
            CountDownLatch r2Tried = new CountDownLatch(1);
            threads.start("R2", () -> {
                boolean immediate = lock.readLock().tryLock();
                if (!immediate) {
                    r2Tried.countDown();
                    lock.readLock().lock();
                }
                log.add(immediate ? "R2-immediate" : "R2");
                lock.readLock().unlock();
                r2Tried.countDown();
            });
            assertTrue(r2Tried.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
            if (policy == ReadersWritersPolicy.READER_PREFERENCE) {
                awaitTrue("R2 done", () -> log.contains("R2-immediate"));
                assertEquals(List.of("R2-immediate"), log);
            } else {
                awaitTrue("R2 queued", () -> lock.getQueuedReaderCount() == 1);
                assertTrue(log.isEmpty());
            }
            lock.readLock().unlock();
            awaitTrue("all done", () -> log.size() == 2);
        }
        if (policy == ReadersWritersPolicy.READER_PREFERENCE) {
            assertEquals(List.of("R2-immediate", "W"), log);
        } else {
            assertEquals(List.of("W", "R2"), log);
        }
    }

    /** FAIR with arrivals R1 (holding), W, R2, R3, W2: W, then R2 and R3 together, then W2. */
    @Test
    void fairServesInArrivalOrderWithConsecutiveReadersTogether() throws Exception {
        ReadersWritersLock lock = ReadersWritersLock.fair();
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch bothReadersIn = new CountDownLatch(2);
        lock.readLock().lock(); // R1
        try (TestThreads threads = new TestThreads()) {
            threads.start("W", () -> {
                lock.writeLock().lock();
                log.add("W");
                lock.writeLock().unlock();
            });
            awaitTrue("W queued", () -> lock.getQueueLength() == 1);
            for (String name : new String[] {"R2", "R3"}) {
                int expected = lock.getQueueLength() + 1;
                threads.start(name, () -> {
                    lock.readLock().lock();
                    log.add(name);
                    bothReadersIn.countDown();
                    // R2 and R3 share the lock: each waits until both are inside
                    bothReadersIn.await();
                    log.add(name + "-leaves");
                    lock.readLock().unlock();
                });
                awaitTrue(name + " queued", () -> lock.getQueueLength() == expected);
            }
            threads.start("W2", () -> {
                lock.writeLock().lock();
                log.add("W2");
                lock.writeLock().unlock();
            });
            awaitTrue("W2 queued", () -> lock.getQueueLength() == 4);
            assertTrue(log.isEmpty());
            lock.readLock().unlock();
            awaitTrue("all done", () -> log.size() == 6);
        }
        assertEquals("W", log.get(0));
        assertEquals(List.of("R2", "R3"), log.subList(1, 3).stream().sorted().toList());
        assertEquals("W2", log.get(5));
    }

    /** A thread that already reads is admitted again even while a writer waits (no self-deadlock). */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void reentrantReadIsAdmittedWhileWriterWaits(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        lock.readLock().lock();
        try (TestThreads threads = new TestThreads()) {
            threads.start("writer", () -> {
                lock.writeLock().lock();
                lock.writeLock().unlock();
            });
            awaitTrue("writer queued", () -> lock.getQueuedWriterCount() == 1);
            for (AcquireMethod m : AcquireMethod.values()) {
                assertTrue(m.acquire(lock.readLock()), m.name());
            }
            assertEquals(5, lock.getReadHoldCount());
            for (int i = 0; i < 5; i++) {
                lock.readLock().unlock();
            }
        }
        assertEquals(0, lock.getReadLockCount());
    }

    /** tryLock follows the policy: it does not barge past waiters the policy ranks first. */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void tryLockDoesNotBargePastWaitingWriter(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        lock.readLock().lock();
        try (TestThreads threads = new TestThreads()) {
            threads.start("writer", () -> {
                lock.writeLock().lock();
                lock.writeLock().unlock();
            });
            awaitTrue("writer queued", () -> lock.getQueuedWriterCount() == 1);
            threads.start("late-reader", () -> {
                boolean got = lock.readLock().tryLock();
                assertEquals(policy == ReadersWritersPolicy.READER_PREFERENCE, got, "tryLock");
                if (got) {
                    lock.readLock().unlock();
                }
                assertFalse(lock.writeLock().tryLock(), "a second writer must not barge");
            }).join(TestThreads.LONG_DELAY_MS);
            lock.readLock().unlock();
        }
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void writersAreServedOneAtATimeInArrivalOrder(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        List<String> log = new CopyOnWriteArrayList<>();
        lock.writeLock().lock();
        try (TestThreads threads = new TestThreads()) {
            for (int i = 1; i <= 3; i++) {
                String name = "W" + i;
                int expected = i;
                threads.start(name, () -> {
                    lock.writeLock().lock();
                    log.add(name);
                    lock.writeLock().unlock();
                });
                awaitTrue(name + " queued", () -> lock.getQueuedWriterCount() == expected);
            }
            lock.writeLock().unlock();
            awaitTrue("all done", () -> log.size() == 3);
        }
        assertEquals(List.of("W1", "W2", "W3"), log);
    }

    /**
     * A writer that another thread can already see queued has closed the gate: a reader that
     * looks right then (a tryLock racing the writer's arrival) must not pass it under the two
     * policies that stop readers for a waiting writer. Regression: the writer used to join the
     * queue first and close the gate a moment later, and a reader in between got in.
     */
    @ParameterizedTest
    @EnumSource(value = ReadersWritersPolicy.class, names = {"FAIR", "WRITER_PREFERENCE"})
    void aReaderThatSeesAWriterQueuedCannotPassIt(ReadersWritersPolicy policy) throws Exception {
        int passed = 0;
        for (int round = 0; round < 300; round++) {
            ReadersWritersLock lock = new ReadersWritersLock(policy);
            lock.readLock().lock();
            boolean[] admitted = new boolean[1];
            try (TestThreads threads = new TestThreads()) {
                Thread observer = threads.start("observer", () -> {
                    while (lock.getQueuedWriterCount() == 0) {
                        Thread.onSpinWait();
                    }
                    admitted[0] = lock.readLock().tryLock();
                    if (admitted[0]) {
                        lock.readLock().unlock();
                    }
                });
                Thread writer = threads.start("writer", () -> {
                    try {
                        lock.writeLock().lockInterruptibly();
                        lock.writeLock().unlock();
                    } catch (InterruptedException expected) {
                        // the writer gives up once the observer has looked
                    }
                });
                observer.join(TestThreads.LONG_DELAY_MS);
                writer.interrupt();
            }
            lock.readLock().unlock();
            if (admitted[0]) {
                passed++;
            }
        }
        assertEquals(0, passed, "readers that passed a writer they could see queued");
    }
}
