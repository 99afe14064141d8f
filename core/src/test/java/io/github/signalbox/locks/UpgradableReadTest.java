package io.github.signalbox.locks;

import static io.github.signalbox.TestThreads.awaitParked;
import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.Guard;
import io.github.signalbox.TestThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The upgradable read mode, per policy: who it coexists with, who it excludes, that its upgrade
 * lets no writer in between, the arrival orders (R1, U, W, R2), and every misuse.
 */
class UpgradableReadTest {

    private static final long LONG = TestThreads.LONG_DELAY_MS;

    /** A thread that takes a hold, says so, and keeps it until {@code release} opens. */
    private static Thread holder(TestThreads threads, String name, TestThreads.Body take,
            Runnable giveBack, List<String> log, CountDownLatch release) {
        return threads.start(name, () -> {
            take.run();
            log.add(name);
            try {
                release.await();
            } finally {
                giveBack.run();
            }
        });
    }

    /** Whether another thread could take the write lock (or U) without waiting right now. */
    private static boolean otherThreadGets(ReadersWritersLock lock, boolean upgradable)
            throws InterruptedException {
        boolean[] got = new boolean[1];
        Thread t = new Thread(() -> {
            if (upgradable) {
                lock.tryUpgradable().ifPresent(g -> {
                    got[0] = true;
                    g.close();
                });
            } else if (lock.writeLock().tryLock()) {
                got[0] = true;
                lock.writeLock().unlock();
            }
        });
        t.start();
        t.join();
        return got[0];
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void coexistsWithReadersAndExcludesWritersAndOtherUpgradables(ReadersWritersPolicy policy)
            throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch readerLeaves = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            holder(threads, "r1", lock.readLock()::lock, lock.readLock()::unlock, log,
                    readerLeaves);
            awaitTrue("a reader is in", () -> log.contains("r1"));
            CountDownLatch uIn = new CountDownLatch(1);
            CountDownLatch uLeave = new CountDownLatch(1);
            threads.start("u", () -> {
                try (UpgradableGuard u = lock.upgradable()) {
                    uIn.countDown();
                    uLeave.await();
                }
            });
            assertTrue(uIn.await(LONG, TimeUnit.MILLISECONDS), "U enters beside a reader");
            assertTrue(lock.isUpgradableLocked());
            assertFalse(lock.isUpgradableLockedByCurrentThread());
            assertFalse(otherThreadGets(lock, true), "a second upgradable waits");
            assertFalse(otherThreadGets(lock, false), "writers wait");
            readerLeaves.countDown();
            awaitTrue("r1 left", () -> lock.getReadLockCount() == 0);
            assertFalse(otherThreadGets(lock, false), "writers wait for U alone too");
            CountDownLatch readerIn = new CountDownLatch(1);
            threads.start("reader", () -> {
                try (Guard g = lock.read()) {
                    readerIn.countDown();
                }
            });
            assertTrue(readerIn.await(LONG, TimeUnit.MILLISECONDS), "readers enter beside U");
            uLeave.countDown();
        }
        assertFalse(lock.isUpgradableLocked());
        assertTrue(lock.writeLock().tryLock());
        lock.writeLock().unlock();
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void upgradeWaitsForReadersAndLetsNoWriterInBetween(ReadersWritersPolicy policy)
            throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch readerLeaves = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            holder(threads, "r1", lock.readLock()::lock, lock.readLock()::unlock, log,
                    readerLeaves);
            awaitTrue("r1 reads", () -> log.contains("r1"));
            int[] value = {0};
            CountDownLatch upgraded = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(1);
            Thread up = threads.start("u", () -> {
                try (UpgradableGuard u = lock.upgradable()) {
                    int seen = value[0];
                    log.add("u");
                    try (Guard w = u.upgrade()) {
                        log.add("upgraded");
                        assertEquals(seen, value[0], "a writer got in between");
                        assertTrue(lock.isWriteLockedByCurrentThread());
                        value[0] = seen + 1;
                        upgraded.countDown();
                        done.await();
                    }
                    assertTrue(lock.isUpgradableLockedByCurrentThread(), "back to U");
                    assertFalse(lock.isWriteLocked());
                }
            });
            awaitTrue("u holds", () -> log.contains("u"));
            Thread writer = threads.start("w", () -> {
                try (Guard g = lock.write()) {
                    log.add("w");
                    value[0] = 100;
                }
            });
            awaitTrue("the writer and the upgrade queue", () -> lock.getQueuedWriterCount() == 2);
            awaitParked(up);
            awaitParked(writer);
            readerLeaves.countDown();
            assertTrue(upgraded.await(LONG, TimeUnit.MILLISECONDS));
            assertFalse(log.contains("w"), "the writer is still out: " + log);
            done.countDown();
        }
        assertEquals(List.of("r1", "u", "upgraded", "w"), log);
    }

    @Test
    void theOrderOfR1UWR2UnderEachPolicy() throws Exception {
        assertEquals(List.of("r1", "u", "r2", "upgraded", "w"),
                arrivals(ReadersWritersPolicy.READER_PREFERENCE));
        assertEquals(List.of("r1", "u", "upgraded", "w", "r2"),
                arrivals(ReadersWritersPolicy.WRITER_PREFERENCE));
        assertEquals(List.of("r1", "u", "upgraded", "w", "r2"),
                arrivals(ReadersWritersPolicy.FAIR));
    }

    /**
     * R1 reads; U takes the upgradable hold beside it; W queues; R2 arrives (reader preference
     * lets it in, the others queue it behind W); U asks to upgrade; then everyone but U lets go
     * in turn. Returns the order in which holds were taken.
     */
    private static List<String> arrivals(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        List<String> log = new CopyOnWriteArrayList<>();
        CountDownLatch r1Leaves = new CountDownLatch(1);
        CountDownLatch r2Leaves = new CountDownLatch(1);
        CountDownLatch uAsks = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            holder(threads, "r1", lock.readLock()::lock, lock.readLock()::unlock, log, r1Leaves);
            awaitTrue("r1", () -> log.contains("r1"));
            Thread u = threads.start("u", () -> {
                try (UpgradableGuard g = lock.upgradable()) {
                    log.add("u");
                    uAsks.await();
                    try (Guard w = g.upgrade()) {
                        log.add("upgraded");
                    }
                }
            });
            awaitTrue("u", () -> log.contains("u"));
            Thread w = threads.start("w", () -> {
                try (Guard g = lock.write()) {
                    log.add("w");
                }
            });
            awaitTrue("w queued", () -> lock.getQueuedWriterCount() == 1);
            awaitParked(w);
            Thread r2 = holder(threads, "r2", lock.readLock()::lock, lock.readLock()::unlock, log,
                    r2Leaves);
            if (policy == ReadersWritersPolicy.READER_PREFERENCE) {
                awaitTrue("r2 enters", () -> log.contains("r2"));
            } else {
                awaitTrue("r2 queued", () -> lock.getQueuedReaderCount() == 1);
                awaitParked(r2);
            }
            uAsks.countDown();
            awaitTrue("the upgrade queues", () -> lock.getQueuedWriterCount() == 2);
            awaitParked(u);
            r1Leaves.countDown();
            if (policy == ReadersWritersPolicy.READER_PREFERENCE) {
                r2Leaves.countDown(); // the upgrade also waits for r2
            }
            awaitTrue("the upgrade and w run", () -> log.contains("w"));
            r2Leaves.countDown();
        }
        return log;
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void anUpgradableRequestAndEarlierWriters(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        lock.readLock().lock();
        try (TestThreads threads = new TestThreads()) {
            List<String> log = new CopyOnWriteArrayList<>();
            Thread w = threads.start("w", () -> {
                try (Guard g = lock.write()) {
                    log.add("w");
                }
            });
            awaitTrue("w queued", () -> lock.getQueuedWriterCount() == 1);
            awaitParked(w);
            CountDownLatch uIn = new CountDownLatch(1);
            Thread u = threads.start("u", () -> {
                try (UpgradableGuard g = lock.upgradable()) {
                    log.add("u");
                    uIn.countDown();
                }
            });
            if (policy == ReadersWritersPolicy.READER_PREFERENCE) {
                assertTrue(uIn.await(LONG, TimeUnit.MILLISECONDS), "a reader: enters at once");
            } else {
                awaitTrue("u queued behind w", () -> lock.getQueueLength() == 2);
                awaitParked(u);
                assertEquals(1, uIn.getCount());
            }
            lock.readLock().unlock();
            assertTrue(uIn.await(LONG, TimeUnit.MILLISECONDS));
            awaitTrue("both ran", () -> log.size() == 2);
            assertEquals(policy == ReadersWritersPolicy.READER_PREFERENCE ? "u" : "w",
                    log.get(0), log.toString());
        }
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void whenAWriterLeavesTheWaitingUpgradableAndWriterAreServedByPolicy(
            ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        List<String> log = new CopyOnWriteArrayList<>();
        try (TestThreads threads = new TestThreads()) {
            lock.writeLock().lock();
            Thread w2 = threads.start("w2", () -> {
                try (Guard g = lock.write()) {
                    log.add("w2");
                }
            });
            awaitTrue("w2 queued", () -> lock.getQueuedWriterCount() == 1);
            awaitParked(w2);
            Thread u = threads.start("u", () -> {
                try (UpgradableGuard g = lock.upgradable()) {
                    log.add("u");
                }
            });
            awaitTrue("u queued", () -> lock.getQueueLength() == 2);
            awaitParked(u);
            lock.writeLock().unlock();
            awaitTrue("both ran", () -> log.size() == 2);
        }
        // reader preference serves the upgradable request (a reader) first; the others keep
        // arrival order (FAIR) or serve the waiting writer first (WRITER_PREFERENCE)
        assertEquals(policy == ReadersWritersPolicy.READER_PREFERENCE ? List.of("u", "w2")
                : List.of("w2", "u"), log);
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void aTimedOutOrInterruptedUpgradeKeepsTheUpgradableHold(ReadersWritersPolicy policy)
            throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        try (TestThreads threads = new TestThreads()) {
            CountDownLatch readerLeaves = new CountDownLatch(1);
            List<String> log = new CopyOnWriteArrayList<>();
            holder(threads, "r", lock.readLock()::lock, lock.readLock()::unlock, log,
                    readerLeaves);
            awaitTrue("r", () -> log.contains("r"));
            try (UpgradableGuard u = lock.upgradable()) {
                assertThrows(TimeoutException.class, () -> u.upgrade(Duration.ofMillis(5)));
                assertFalse(u.tryUpgrade().isPresent());
                assertTrue(lock.isUpgradableLockedByCurrentThread());
                assertFalse(u.isUpgraded());
                assertEquals(0, lock.getQueueLength(), "the upgrade left the queue");
                Thread.currentThread().interrupt();
                assertThrows(InterruptedException.class, u::upgradeInterruptibly);
                assertTrue(lock.isUpgradableLockedByCurrentThread());
                assertFalse(otherThreadGets(lock, false), "still excludes writers");
                readerLeaves.countDown();
                awaitTrue("r left", () -> lock.getReadLockCount() == 0);
                try (Guard w = u.upgrade(Duration.ofSeconds(30))) {
                    assertTrue(lock.isWriteLockedByCurrentThread());
                }
            }
        }
        assertFalse(lock.isUpgradableLocked());
        assertEquals(0, lock.getQueueLength());
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void theHolderMayReadWhileAWriterWaits(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        try (TestThreads threads = new TestThreads()) {
            try (UpgradableGuard u = lock.upgradable()) {
                Thread w = threads.start("w", () -> lock.write().close());
                awaitTrue("w queued", () -> lock.getQueuedWriterCount() == 1);
                awaitParked(w);
                try (Guard r = lock.read()) { // would deadlock if queued behind w
                    assertEquals(1, lock.getReadHoldCount());
                }
            }
        }
    }

    @Test
    void misuseFailsClearlyAndChangesNothing() throws Exception {
        ReadersWritersLock lock = ReadersWritersLock.builder().name("m").build();
        lock.readLock().lock();
        LockUpgradeException plain = assertThrows(LockUpgradeException.class,
                () -> lock.writeLock().lock());
        assertTrue(plain.getMessage().contains("upgradable"), plain.getMessage());
        assertThrows(LockUpgradeException.class, lock::upgradable,
                "a plain reader asking for U would deadlock its own upgrade");
        lock.readLock().unlock();

        UpgradableGuard u = lock.upgradable();
        assertThrows(IllegalStateException.class, lock::upgradable, "not reentrant");
        assertThrows(LockUpgradeException.class, () -> lock.writeLock().lock(),
                "write() by the upgradable holder says: use upgrade()");
        try (Guard r = lock.read()) {
            assertThrows(LockUpgradeException.class, u::upgrade, "would wait for its own read");
        }
        Guard w = u.upgrade();
        assertThrows(IllegalStateException.class, u::upgrade, "already upgraded");
        assertThrows(IllegalStateException.class, u::close, "close the write guard first");
        assertThrows(IllegalStateException.class, lock::upgradable, "holds the write lock");
        assertTrue(lock.isWriteLockedByCurrentThread());
        w.close();
        w.close(); // a second close does nothing
        assertTrue(lock.isUpgradableLockedByCurrentThread());
        Thread other = new Thread(() -> assertThrows(IllegalMonitorStateException.class,
                u::close));
        other.start();
        other.join();
        assertTrue(lock.isUpgradableLocked(), "another thread's close changed nothing");
        u.close();
        u.close(); // a second close does nothing
        assertThrows(IllegalStateException.class, u::upgrade, "a closed guard");
        assertFalse(lock.isUpgradableLocked());
        assertTrue(lock.toString().contains("ReadersWritersLock \"m\""));
    }

    @Test
    void theWriteGuardOfAnUpgradeGoesBackToUpgradableAndReadersComeIn() throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock();
        try (TestThreads threads = new TestThreads(); UpgradableGuard u = lock.upgradable()) {
            CountDownLatch readerIn = new CountDownLatch(1);
            Thread r;
            try (Guard w = u.upgrade()) {
                r = threads.start("r", () -> {
                    try (Guard g = lock.read()) {
                        readerIn.countDown();
                    }
                });
                awaitTrue("r queued behind the writer", () -> lock.getQueuedReaderCount() == 1);
                awaitParked(r);
            }
            assertTrue(readerIn.await(LONG, TimeUnit.MILLISECONDS), "the reader is served");
            assertFalse(otherThreadGets(lock, false));
            assertTrue(lock.toString().contains("upgradable=" + Thread.currentThread().getName()),
                    lock.toString());
        }
    }

    @Test
    void timedUpgradableWithTimeUnitTimesOutAndChangesNothing() throws Exception {
        ReadersWritersLock lock = ReadersWritersLock.fair();
        Guard writer = lock.writeAsync().join(); // held by a handle, so no thread owns it
        assertThrows(TimeoutException.class, () -> lock.upgradable(1, TimeUnit.MILLISECONDS));
        assertFalse(lock.isUpgradableLocked());
        assertEquals(0, lock.getQueueLength(), "the timed-out request left no trace");
        writer.close();
        UpgradableGuard u = lock.upgradable(1, TimeUnit.SECONDS);
        assertTrue(lock.isUpgradableLockedByCurrentThread());
        u.close();
        assertThrows(NullPointerException.class, () -> lock.upgradable(1, null));
    }
}
