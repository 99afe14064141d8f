package io.github.signalbox.ordering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.Guard;
import io.github.signalbox.TestThreads;
import io.github.signalbox.locks.ReadersWritersPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The prevention half of the ordering family: the canonical multi-acquire. */
class LockSetTest {

    private final LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);

    @Test
    void orderIsRanksFirstThenCreationOrderWhateverTheArgumentOrder() {
        OrderedLock u1 = ordering.newLock("u1");
        OrderedLock r5 = ordering.newLock("r5", 5);
        OrderedLock u2 = ordering.newLock("u2");
        OrderedLock r1 = ordering.newLock("r1", 1);
        OrderedLock r5b = ordering.newLock("r5b", 5);
        List<OrderedLock> expected = List.of(r1, r5, r5b, u1, u2);
        List<OrderedLock> shuffled = new ArrayList<>(expected);
        for (int i = 0; i < 5; i++) {
            Collections.rotate(shuffled, 2);
            Collections.swap(shuffled, 0, i);
            assertEquals(expected, LockSet.of(shuffled).locks());
        }
        assertEquals("LockSet[r1, r5, r5b, u1, u2]", LockSet.of(shuffled).toString());
        assertEquals(5, LockSet.of(shuffled).size());
    }

    /** A lock that logs its lock and unlock calls, to see the order a set uses. */
    private static OrderedLock logged(LockOrdering ordering, String name, List<String> log) {
        ReentrantLock inner = new ReentrantLock();
        Lock logging = new Lock() {
            @Override
            public void lock() {
                inner.lock();
                log.add("lock " + name);
            }

            @Override
            public void lockInterruptibly() throws InterruptedException {
                inner.lockInterruptibly();
                log.add("lock " + name);
            }

            @Override
            public boolean tryLock() {
                return inner.tryLock();
            }

            @Override
            public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
                return inner.tryLock(time, unit);
            }

            @Override
            public void unlock() {
                inner.unlock();
                log.add("unlock " + name);
            }

            @Override
            public Condition newCondition() {
                return inner.newCondition();
            }
        };
        return new OrderedLock(ordering, new LockNode(name, false, false), AccessMode.WRITE,
                false, 0, logging, inner::isHeldByCurrentThread);
    }

    @Test
    void guardReleasesAllInReverseOrderExactlyOnce() {
        List<String> log = new ArrayList<>();
        OrderedLock a = logged(ordering, "a", log);
        OrderedLock b = logged(ordering, "b", log);
        OrderedLock c = logged(ordering, "c", log);
        Guard g = LockSet.of(c, a, b).hold();
        assertArrayEquals(new String[] {"a", "b", "c"}, ordering.heldByCurrentThread());
        g.close();
        g.close();
        assertEquals(List.of("lock a", "lock b", "lock c", "unlock c", "unlock b", "unlock a"), log);
        assertArrayEquals(new String[0], ordering.heldByCurrentThread());
    }

    /** The four flavours, as far as they fail: each must leave nothing held. */
    enum Flavour {
        TRY, TIMED, TIMED_ZERO, INTERRUPTIBLY_INTERRUPTED_ON_ENTRY;

        void expectFailure(LockSet set) {
            switch (this) {
                case TRY:
                    assertEquals(Optional.empty(), set.tryHold());
                    break;
                case TIMED:
                    assertThrows(TimeoutException.class, () -> set.hold(Duration.ofMillis(20)));
                    break;
                case TIMED_ZERO:
                    assertThrows(TimeoutException.class, () -> set.hold(0, TimeUnit.SECONDS));
                    break;
                default:
                    Thread.currentThread().interrupt();
                    assertThrows(InterruptedException.class, set::holdInterruptibly);
                    assertFalse(Thread.interrupted(), "the status is cleared");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void failedAcquisitionHoldsNothing(Flavour flavour) throws Exception {
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        OrderedLock c = ordering.newLock("c");
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            threads.start("holder of c", () -> {
                try (Guard g = c.hold()) {
                    holding.countDown();
                    assertTrue(done.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
                }
            });
            assertTrue(holding.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
            flavour.expectFailure(LockSet.of(c, b, a));
            assertFalse(a.isHeldByCurrentThread());
            assertFalse(b.isHeldByCurrentThread());
            assertArrayEquals(new String[0], ordering.heldByCurrentThread());
            done.countDown();
        }
        try (Guard g = LockSet.of(a, b, c).tryHold().orElseThrow()) {
            assertTrue(c.isHeldByCurrentThread());
        }
    }

    @Test
    void interruptWhileWaitingReleasesWhatWasTaken() throws Exception {
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        try (TestThreads threads = new TestThreads(); Guard held = b.hold()) {
            Thread waiter = threads.start("waiter", () -> {
                assertThrows(InterruptedException.class, LockSet.of(a, b)::holdInterruptibly);
                assertFalse(a.isHeldByCurrentThread());
                assertArrayEquals(new String[0], ordering.heldByCurrentThread());
            });
            TestThreads.awaitParked(waiter);
            waiter.interrupt();
            waiter.join(TestThreads.LONG_DELAY_MS);
            assertTrue(a.tryLock(), "a was released by the interrupted set");
            a.unlock();
        }
    }

    @Test
    void timedAcquisitionSucceedsWhenTheLocksFreeUpInTime() throws Exception {
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        CountDownLatch holding = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            Thread holder = threads.start("holder", () -> {
                try (Guard g = b.hold()) {
                    holding.countDown();
                    TestThreads.awaitTrue("a is taken by the set", () -> ordering.recordedOrderings() == 1);
                }
            });
            assertTrue(holding.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
            try (Guard g = LockSet.of(b, a).hold(Duration.ofMillis(TestThreads.LONG_DELAY_MS))) {
                assertTrue(a.isHeldByCurrentThread() && b.isHeldByCurrentThread());
            }
            holder.join(TestThreads.LONG_DELAY_MS);
        }
    }

    @Test
    void equalRanksMayBeTakenTogetherOnlyThroughASet() {
        OrderedLock left = ordering.newLock("left", 3);
        OrderedLock right = ordering.newLock("right", 3);
        try (Guard g = LockSet.of(right, left).hold()) {
            assertTrue(left.isHeldByCurrentThread() && right.isHeldByCurrentThread());
        }
        left.lock();
        try {
            assertThrows(PotentialDeadlockException.class, right::lock);
        } finally {
            left.unlock();
        }
    }

    @Test
    void aSetBelowAHeldRankIsRefusedAndHoldsNothing() {
        OrderedLock outer = ordering.newLock("outer", 5);
        OrderedLock low = ordering.newLock("low", 1);
        OrderedLock higher = ordering.newLock("higher", 9);
        OrderedLock highest = ordering.newLock("highest", 9);
        try (Guard o = outer.hold()) {
            assertThrows(PotentialDeadlockException.class, LockSet.of(low, higher)::hold);
            assertArrayEquals(new String[] {"outer"}, ordering.heldByCurrentThread());
            try (Guard g = LockSet.of(highest, higher).hold()) {
                assertEquals(3, ordering.heldByCurrentThread().length);
            }
        }
    }

    @Test
    void crossingOrdersThroughSetsNeverDeadlockNorReport() throws Exception {
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        int[] counter = new int[1];
        try (TestThreads threads = new TestThreads()) {
            for (OrderedLock[] pair : new OrderedLock[][] {{a, b}, {b, a}}) {
                threads.start("crossing", () -> {
                    for (int i = 0; i < 20_000; i++) {
                        try (Guard g = LockSet.of(pair).hold()) {
                            counter[0]++;
                        }
                    }
                });
            }
        }
        assertEquals(40_000, counter[0]);
    }

    @Test
    void setsMayMixOrderingsAndSidesOfDifferentLocks() {
        LockOrdering other = new LockOrdering(OrderingPolicies.DISABLED);
        OrderedReadWriteLock rw = ordering.newReadWriteLock("rw", ReadersWritersPolicy.FAIR);
        OrderedLock plain = other.newLock("plain");
        try (Guard g = LockSet.of(plain, rw.readLock()).hold()) {
            assertTrue(plain.isHeldByCurrentThread());
            assertTrue(rw.readLock().isHeldByCurrentThread());
        }
        assertFalse(plain.isHeldByCurrentThread());
    }

    @Test
    void badSetsAreRejected() {
        OrderedLock a = ordering.newLock("a");
        OrderedReadWriteLock rw = ordering.newReadWriteLock("rw", ReadersWritersPolicy.FAIR);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LockSet.of(a, a))
                .getMessage().contains("'a' appears twice"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LockSet.of(rw.readLock(), rw.writeLock())).getMessage().contains("both sides"));
        assertThrows(NullPointerException.class, () -> LockSet.of(a, null));
        assertThrows(NullPointerException.class, () -> LockSet.of((OrderedLock[]) null));
    }

    @Test
    void emptySetHoldsNothing() {
        try (Guard g = LockSet.of().hold()) {
            assertEquals(0, LockSet.of().size());
        }
    }

    @Test
    void closingFromAnotherThreadFailsAndKeepsEverythingHeld() throws Exception {
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        Guard g = LockSet.of(a, b).hold();
        try (TestThreads threads = new TestThreads()) {
            threads.start("stranger", () ->
                    assertThrows(IllegalMonitorStateException.class, g::close));
        }
        assertTrue(a.isHeldByCurrentThread() && b.isHeldByCurrentThread());
        g.close();
        assertFalse(a.isHeldByCurrentThread() || b.isHeldByCurrentThread());
    }
}
