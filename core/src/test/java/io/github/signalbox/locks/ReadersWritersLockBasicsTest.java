package io.github.signalbox.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.Guard;
import io.github.signalbox.TestThreads;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Single-thread state machine, arguments, misuse, limits, guards and introspection. */
class ReadersWritersLockBasicsTest {

    /** Asserts the observable state, from the calling thread's point of view. */
    static void assertState(ReadersWritersLock lock, int readers, boolean writeLocked,
            int myReadHolds, int myWriteHolds) {
        assertEquals(readers, lock.getReadLockCount(), "read lock count");
        assertEquals(writeLocked, lock.isWriteLocked(), "write locked");
        assertEquals(myReadHolds, lock.getReadHoldCount(), "my read holds");
        assertEquals(myWriteHolds, lock.getWriteHoldCount(), "my write holds");
        assertEquals(myWriteHolds > 0, lock.isWriteLockedByCurrentThread(), "write locked by me");
        assertEquals(0, lock.getQueueLength(), "queue length");
        assertFalse(lock.hasQueuedThreads(), "queued threads");
    }

    /**
     * One thread holding read locks of more locks at once than its record of read holds keeps
     * (the rest overflow into the locks' own thread-locals) and more than its line of the
     * visible-readers table has slots (the rest are counted in the state words): every count
     * stays exact, every release finds its hold, and the record is reused afterwards.
     */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void oneThreadHoldsManyReadLocksAtOnce(ReadersWritersPolicy policy) {
        int count = 3 * ReadHolds.CAPACITY + VisibleReaders.SLOTS_PER_LINE;
        for (int round = 0; round < 3; round++) {
            ReadersWritersLock[] locks = new ReadersWritersLock[count];
            for (int i = 0; i < count; i++) {
                locks[i] = new ReadersWritersLock(policy);
                if (i % 3 != 0) {
                    locks[i].startReadBiasedForTest(); // readers register in the table
                }
                locks[i].readLock().lock();
                locks[i].readLock().lock();
            }
            for (ReadersWritersLock lock : locks) {
                assertState(lock, 2, false, 2, 0);
            }
            for (int i = count - 1; i >= 0; i -= 2) { // release out of order
                locks[i].readLock().unlock();
            }
            for (int i = 0; i < count; i++) {
                int left = (count - 1 - i) % 2 == 0 ? 1 : 2;
                assertState(locks[i], left, false, left, 0);
            }
            for (ReadersWritersLock lock : locks) {
                while (lock.getReadHoldCount() > 0) {
                    lock.readLock().unlock();
                }
                assertState(lock, 0, false, 0, 0);
                assertThrows(IllegalMonitorStateException.class, lock.readLock()::unlock);
                assertTrue(lock.writeLock().tryLock(), "no read hold is left behind");
                lock.writeLock().unlock();
            }
        }
    }

    @Test
    void defaultPolicyIsFair() {
        assertEquals(ReadersWritersPolicy.FAIR, new ReadersWritersLock().policy());
        assertEquals(ReadersWritersPolicy.FAIR, ReadersWritersLock.fair().policy());
        assertEquals(ReadersWritersPolicy.READER_PREFERENCE,
                ReadersWritersLock.readerPreference().policy());
        assertEquals(ReadersWritersPolicy.WRITER_PREFERENCE,
                ReadersWritersLock.writerPreference().policy());
    }

    @Test
    void nullArgumentsAreRejected() throws Exception {
        assertThrows(NullPointerException.class, () -> new ReadersWritersLock((ReadersWritersPolicy) null));
        ReadersWritersLock lock = new ReadersWritersLock();
        assertThrows(NullPointerException.class, () -> lock.readLock().tryLock(1, null));
        assertThrows(NullPointerException.class, () -> lock.writeLock().tryLock(1, null));
        assertThrows(NullPointerException.class, () -> lock.read((Duration) null));
        assertThrows(NullPointerException.class, () -> lock.write((Duration) null));
        assertThrows(NullPointerException.class, () -> lock.getWaitQueueLength(null));
        assertState(lock, 0, false, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void readLockIsReentrantAndShared(ReadersWritersPolicy policy) {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        lock.readLock().lock();
        lock.readLock().lock();
        assertState(lock, 2, false, 2, 0);
        lock.readLock().unlock();
        lock.readLock().unlock();
        assertState(lock, 0, false, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void writeLockIsReentrant(ReadersWritersPolicy policy) {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        lock.writeLock().lock();
        assertTrue(lock.writeLock().tryLock());
        assertState(lock, 0, true, 0, 2);
        lock.writeLock().unlock();
        assertState(lock, 0, true, 0, 1);
        lock.writeLock().unlock();
        assertState(lock, 0, false, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void writerMayAlsoReadAndDowngrade(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        lock.writeLock().lock();
        assertTrue(lock.readLock().tryLock());
        assertState(lock, 1, true, 1, 1);
        lock.writeLock().unlock(); // downgraded: still reading
        assertState(lock, 1, false, 1, 0);
        try (TestThreads threads = new TestThreads()) {
            threads.start("other-writer", () -> assertFalse(lock.writeLock().tryLock()));
        }
        lock.readLock().unlock();
        assertState(lock, 0, false, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void readToWriteUpgradeIsRefusedAtOnce(ReadersWritersPolicy policy) {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        lock.readLock().lock();
        for (AcquireMethod m : AcquireMethod.values()) {
            LockUpgradeException e = assertThrows(LockUpgradeException.class,
                    () -> m.acquire(lock.writeLock()), m.name());
            assertTrue(e.getMessage().contains(Thread.currentThread().getName()), e.getMessage());
        }
        assertThrows(LockUpgradeException.class, lock::write);
        assertState(lock, 1, false, 1, 0);
        lock.readLock().unlock();
        assertTrue(lock.writeLock().tryLock());
        lock.writeLock().unlock();
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void unlockWithoutHoldingThrowsAndChangesNothing(ReadersWritersPolicy policy)
            throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        assertThrows(IllegalMonitorStateException.class, () -> lock.readLock().unlock());
        assertThrows(IllegalMonitorStateException.class, () -> lock.writeLock().unlock());
        assertState(lock, 0, false, 0, 0);

        lock.writeLock().lock();
        lock.readLock().lock();
        try (TestThreads threads = new TestThreads()) {
            threads.start("intruder", () -> {
                IllegalMonitorStateException e = assertThrows(IllegalMonitorStateException.class,
                        () -> lock.writeLock().unlock());
                assertTrue(e.getMessage().contains("intruder"), e.getMessage());
                assertThrows(IllegalMonitorStateException.class, () -> lock.readLock().unlock());
            });
        }
        assertState(lock, 1, true, 1, 1);
        lock.readLock().unlock();
        lock.writeLock().unlock();
        assertState(lock, 0, false, 0, 0);
        assertTrue(lock.writeLock().tryLock()); // still works
        lock.writeLock().unlock();
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void holdCountOverflowThrowsAndChangesNothing(ReadersWritersPolicy policy) {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        lock.readLock().lock();
        lock.setHoldCountsForTest(Integer.MAX_VALUE, 0);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> lock.readLock().lock());
        assertTrue(e.getMessage().contains("maximum read hold count"), e.getMessage());
        assertEquals(Integer.MAX_VALUE, lock.getReadHoldCount());
        lock.setHoldCountsForTest(1, 0);
        lock.readLock().unlock();

        lock.writeLock().lock();
        lock.setHoldCountsForTest(-1, Integer.MAX_VALUE);
        assertThrows(IllegalStateException.class, () -> lock.writeLock().tryLock());
        assertEquals(Integer.MAX_VALUE, lock.getWriteHoldCount());
        lock.setHoldCountsForTest(-1, 1);
        lock.writeLock().unlock();
        assertState(lock, 0, false, 0, 0);
    }

    @Test
    void readLockHasNoConditions() {
        ReadersWritersLock lock = new ReadersWritersLock();
        assertThrows(UnsupportedOperationException.class, () -> lock.readLock().newCondition());
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void guardsReleaseExactlyOnce(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        Guard g = lock.read();
        assertState(lock, 1, false, 1, 0);
        g.close();
        g.close(); // no-op
        assertState(lock, 0, false, 0, 0);

        try (Guard w = lock.write()) {
            assertState(lock, 0, true, 0, 1);
            try (Guard r = lock.read(Duration.ZERO)) {
                assertState(lock, 1, true, 1, 1);
            }
        }
        assertState(lock, 0, false, 0, 0);
        try (Guard r = lock.readInterruptibly(); Guard r2 = lock.read(1, TimeUnit.SECONDS)) {
            assertEquals(2, lock.getReadHoldCount());
        }
        try (Guard w = lock.writeInterruptibly(); Guard w2 = lock.write(Duration.ofSeconds(1))) {
            assertEquals(2, lock.getWriteHoldCount());
        }
        assertState(lock, 0, false, 0, 0);
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void timedGuardThrowsTimeoutException(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            threads.start("holder", () -> {
                try (Guard w = lock.write()) {
                    held.countDown();
                    done.await();
                }
            });
            held.await();
            TimeoutException e = assertThrows(TimeoutException.class,
                    () -> lock.read(Duration.ofMillis(20)));
            assertTrue(e.getMessage().contains("read lock"), e.getMessage());
            assertThrows(TimeoutException.class, () -> lock.write(Duration.ZERO));
            assertEquals(0, lock.getQueueLength());
            done.countDown();
        }
        assertState(lock, 0, false, 0, 0);
    }

    @Test
    void toStringShowsPolicyHoldersAndWaiters() {
        ReadersWritersLock lock = ReadersWritersLock.writerPreference();
        lock.readLock().lock();
        String s = lock.toString();
        assertTrue(s.startsWith("ReadersWritersLock@"), s);
        assertTrue(s.contains("WRITER_PREFERENCE"), s);
        assertTrue(s.contains("readers=1"), s);
        assertTrue(s.contains("writer=none"), s);
        assertTrue(s.contains("queued writers=0"), s);
        lock.readLock().unlock();
        lock.writeLock().lock();
        assertTrue(lock.toString().contains("writer=" + Thread.currentThread().getName()));
        assertTrue(lock.writeLock().toString().contains("held by"));
        lock.writeLock().unlock();
    }

    @Test
    void readLockAndWriteLockAreStable() {
        ReadersWritersLock lock = new ReadersWritersLock();
        assertSame(lock.readLock(), lock.readLock());
        assertSame(lock.writeLock(), lock.writeLock());
    }
}
