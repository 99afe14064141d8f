package io.github.signalbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.ReadersWritersPolicy;
import io.github.signalbox.ordering.LockOrdering;
import io.github.signalbox.ordering.LockSet;
import io.github.signalbox.ordering.OrderedLock;
import io.github.signalbox.ordering.OrderedReadWriteLock;
import io.github.signalbox.ordering.OrderingPolicies;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The no-exception timed guards ({@code tryRead}, {@code tryWrite}, {@code tryHold}: empty when
 * the time runs out) and the lambda forms ({@code withRead}, {@code withWrite}, {@code withHold}:
 * the body's result and unchecked exceptions come back unchanged, the lock is always released) of
 * every lock family.
 */
class GuardFormsTest {

    /** Runs {@code body} in another thread that holds {@code lock}'s write side meanwhile. */
    private static void whileAnotherThreadWrites(ReadWriteLock lock, TestThreads.Body body)
            throws Exception {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            threads.start("writer", () -> {
                lock.writeLock().lock();
                try {
                    held.countDown();
                    assertTrue(done.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
                } finally {
                    lock.writeLock().unlock();
                }
            });
            assertTrue(held.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
            try {
                body.run();
            } finally {
                done.countDown();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void readersWritersLockTryFormsAreEmptyWhileAnotherThreadWrites(ReadersWritersPolicy policy)
            throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        whileAnotherThreadWrites(lock, () -> {
            assertEquals(Optional.empty(), lock.tryRead());
            assertEquals(Optional.empty(), lock.tryWrite());
            assertEquals(Optional.empty(), lock.tryRead(Duration.ofMillis(5)));
            assertEquals(Optional.empty(), lock.tryWrite(1, TimeUnit.MILLISECONDS));
            assertEquals(0, lock.getQueueLength(), "a timed-out try leaves no trace");
        });
        try (Guard g = lock.tryRead().orElseThrow()) {
            assertEquals(1, lock.getReadHoldCount());
        }
        try (Guard g = lock.tryWrite(Duration.ofSeconds(1)).orElseThrow()) {
            assertTrue(lock.isWriteLockedByCurrentThread());
        }
        assertEquals(0, lock.getReadLockCount());
        assertFalse(lock.isWriteLocked());
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void readersWritersLockLambdaFormsReturnResultsAndAlwaysRelease(ReadersWritersPolicy policy) {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        assertEquals(1, (int) lock.withRead(lock::getReadHoldCount));
        assertEquals(1, (int) lock.withWrite(lock::getWriteHoldCount));
        boolean[] ran = new boolean[2];
        lock.withRead(() -> {
            ran[0] = lock.getReadHoldCount() == 1;
        });
        lock.withWrite(() -> {
            ran[1] = lock.isWriteLockedByCurrentThread();
        });
        assertTrue(ran[0] && ran[1]);
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> lock.withRead(() -> {
            throw boom;
        })));
        assertSame(boom, assertThrows(IllegalStateException.class, () -> lock.withWrite(() -> {
            throw boom;
        })));
        assertThrows(NullPointerException.class, () -> lock.withWrite((Runnable) null));
        assertEquals(0, lock.getReadLockCount());
        assertFalse(lock.isWriteLocked());
    }

    @Test
    void orderedLocksHaveTheSameForms() throws Exception {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedReadWriteLock rw = ordering.newReadWriteLock("catalog", ReadersWritersPolicy.FAIR);
        OrderedLock plain = ordering.newLock("plain");
        whileAnotherThreadWrites(rw, () -> {
            assertEquals(Optional.empty(), rw.tryRead());
            assertEquals(Optional.empty(), rw.tryWrite(Duration.ofMillis(2)));
            assertEquals(Optional.empty(), rw.tryRead(1, TimeUnit.MILLISECONDS));
            assertThrows(java.util.concurrent.TimeoutException.class,
                    () -> rw.write(Duration.ofMillis(2)));
            assertThrows(java.util.concurrent.TimeoutException.class,
                    () -> rw.read(1, TimeUnit.MILLISECONDS));
            assertEquals(Optional.empty(), LockSet.of(plain, rw.writeLock())
                    .tryHold(Duration.ofMillis(2)));
            assertFalse(plain.isHeldByCurrentThread(), "all or nothing");
        });
        try (Guard g = rw.readInterruptibly()) {
            assertEquals("r", rw.withRead(() -> "r"));
        }
        try (Guard g = rw.writeInterruptibly()) {
            assertTrue(rw.writeLock().isHeldByCurrentThread());
        }
        assertEquals(3, (int) plain.withHold(() -> 3));
        try (Guard g = plain.tryHold(Duration.ofSeconds(1)).orElseThrow()) {
            assertTrue(plain.isHeldByCurrentThread());
        }
        try (Guard g = LockSet.of(rw.writeLock(), plain).tryHold(1, TimeUnit.SECONDS)
                .orElseThrow()) {
            assertTrue(plain.isHeldByCurrentThread());
        }
        rw.withWrite(() -> assertTrue(rw.writeLock().isHeldByCurrentThread()));
        assertFalse(plain.isHeldByCurrentThread());
        assertFalse(rw.writeLock().isHeldByCurrentThread());
    }
}
