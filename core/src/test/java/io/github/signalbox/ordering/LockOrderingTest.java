package io.github.signalbox.ordering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.Guard;
import io.github.signalbox.TestThreads;
import io.github.signalbox.locks.ReadersWritersPolicy;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The detection half of the ordering family: cycles, ranks, read sides, policies, memory. */
class LockOrderingTest {

    /** A policy that keeps every violation it is handed and lets the acquisition go ahead. */
    static final class Recording implements OrderingPolicy {
        final List<PotentialDeadlockException> seen = new ArrayList<>();

        @Override
        public void handle(PotentialDeadlockException violation) {
            seen.add(violation);
        }

        long firstReports() {
            return seen.stream().filter(PotentialDeadlockException::isFirstReport).count();
        }
    }

    /** How a checked acquisition waits. */
    enum Flavour {
        LOCK, INTERRUPTIBLY, TIMED, GUARD;

        void acquire(OrderedLock lock) throws Exception {
            switch (this) {
                case LOCK:
                    lock.lock();
                    break;
                case INTERRUPTIBLY:
                    lock.lockInterruptibly();
                    break;
                case TIMED:
                    assertTrue(lock.tryLock(1, TimeUnit.SECONDS));
                    break;
                default:
                    lock.hold(Duration.ofSeconds(1));
            }
        }
    }

    private static void nested(OrderedLock outer, OrderedLock inner) {
        outer.lock();
        try {
            inner.lock();
            inner.unlock();
        } finally {
            outer.unlock();
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void oppositeOrderIsReportedBeforeBlockingAndHoldingNothingNew(Flavour flavour)
            throws Exception {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        nested(a, b);
        try (Guard g = b.hold()) {
            PotentialDeadlockException e =
                    assertThrows(PotentialDeadlockException.class, () -> flavour.acquire(a));
            assertEquals(PotentialDeadlockException.Kind.CYCLE, e.kind());
            assertFalse(a.isHeldByCurrentThread());
            assertArrayEquals(new String[] {"b"}, ordering.heldByCurrentThread());
        }
        assertArrayEquals(new String[0], ordering.heldByCurrentThread());
    }

    @Test
    void reportNamesEachEdgeWithTheThreadAndStackWhereItWasFirstSeen() throws Exception {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock a = ordering.newLock("alpha");
        OrderedLock b = ordering.newLock("beta");
        try (TestThreads threads = new TestThreads()) {
            threads.start("first-orderer", () -> nested(a, b)).join();
        }
        b.lock();
        try {
            PotentialDeadlockException e = assertThrows(PotentialDeadlockException.class, a::lock);
            assertEquals(2, e.edges().size());
            AcquiredBefore now = e.edges().get(0);
            assertEquals("beta", now.held());
            assertEquals("alpha", now.acquired());
            assertEquals(Thread.currentThread().getName(), now.thread());
            AcquiredBefore earlier = e.edges().get(1);
            assertEquals("alpha", earlier.held());
            assertEquals("beta", earlier.acquired());
            assertEquals("first-orderer", earlier.thread());
            assertEquals("nested", earlier.stackTrace().get(0).getMethodName(),
                    "the trace starts at the requesting call");
            assertEquals(1, e.getSuppressed().length);
            assertTrue(e.getSuppressed()[0].getStackTrace().length > 0);
            assertTrue(e.getMessage().contains("'alpha' -> 'beta' (first in thread \"first-orderer\")"),
                    e.getMessage());
            assertTrue(e.isFirstReport());
        } finally {
            b.unlock();
        }
    }

    @Test
    void longerCyclesAreFoundAndReportedInFull() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        OrderedLock c = ordering.newLock("c");
        nested(a, b);
        nested(b, c);
        c.lock();
        try {
            PotentialDeadlockException e = assertThrows(PotentialDeadlockException.class, a::lock);
            assertEquals(List.of("c->a", "a->b", "b->c"), e.edges().stream()
                    .map(x -> x.held() + "->" + x.acquired()).toList());
        } finally {
            c.unlock();
        }
    }

    @Test
    void consistentOrdersAreRecordedOnceAndNeverReported() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        OrderedLock c = ordering.newLock("c");
        for (int i = 0; i < 3; i++) {
            nested(a, b);
            nested(b, c);
            nested(a, c);
        }
        assertEquals(3, ordering.recordedOrderings());
    }

    @Test
    void warnLetsTheAcquisitionGoAheadAndRecordsNothingNew() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.WARN);
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        nested(a, b);
        assertDoesNotThrow(() -> nested(b, a));
        assertDoesNotThrow(() -> nested(b, a));
        assertEquals(1, ordering.recordedOrderings());
    }

    @Test
    void eachDistinctViolationIsAFirstReportOnceThenARepetition() {
        Recording policy = new Recording();
        LockOrdering ordering = new LockOrdering(policy);
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        OrderedLock c = ordering.newLock("c");
        nested(a, b);
        nested(b, c);
        nested(b, a);
        nested(b, a);
        nested(c, a);
        nested(c, a);
        nested(c, b);
        assertEquals(5, policy.seen.size());
        assertEquals(3, policy.firstReports(), "b->a, c->a and c->b are three distinct cycles");
        assertFalse(policy.seen.get(1).isFirstReport());
        assertEquals(policy.seen.get(0).getMessage(), policy.seen.get(1).getMessage());
    }

    @Test
    void customPolicyThatThrowsItsOwnExceptionStopsTheAcquisition() {
        LockOrdering ordering = new LockOrdering(v -> {
            throw new IllegalStateException("custom: " + v.kind());
        });
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        nested(a, b);
        b.lock();
        try {
            assertEquals("custom: CYCLE",
                    assertThrows(IllegalStateException.class, a::lock).getMessage());
            assertFalse(a.isHeldByCurrentThread());
        } finally {
            b.unlock();
        }
    }

    @Test
    void disabledKeepsNoBookkeepingAndReportsNothing() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.DISABLED);
        OrderedLock a = ordering.newLock("a", 2);
        OrderedLock b = ordering.newLock("b", 1);
        nested(a, b);
        nested(b, a);
        assertFalse(ordering.isChecking());
        assertEquals(0, ordering.recordedOrderings());
        a.lock();
        assertArrayEquals(new String[0], ordering.heldByCurrentThread());
        a.unlock();
    }

    @Test
    void noWaitTryLockIsNotCheckedButCountsAsHeld() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        OrderedLock c = ordering.newLock("c");
        nested(a, b);
        b.lock();
        assertTrue(a.tryLock(), "a no-wait request cannot wait, so it is not a circular wait");
        assertArrayEquals(new String[] {"b", "a"}, ordering.heldByCurrentThread());
        c.lock(); // records b -> c and a -> c
        c.unlock();
        a.unlock();
        b.unlock();
        assertEquals(3, ordering.recordedOrderings());
    }

    @Test
    void reentrantAcquisitionsAreNotChecked() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        a.lock();
        b.lock();
        assertDoesNotThrow(a::lock); // re-entry cannot wait
        a.unlock();
        b.unlock();
        a.unlock();
        assertEquals(1, ordering.recordedOrderings());
        assertFalse(a.isHeldByCurrentThread());
    }

    @Test
    void unlockByANonHolderFailsAndChangesNothing() throws Exception {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock a = ordering.newLock("a");
        assertThrows(IllegalMonitorStateException.class, a::unlock);
        a.lock();
        try (TestThreads threads = new TestThreads()) {
            threads.start("stranger", () ->
                    assertThrows(IllegalMonitorStateException.class, a::unlock));
        }
        assertTrue(a.isHeldByCurrentThread());
        assertArrayEquals(new String[] {"a"}, ordering.heldByCurrentThread());
        a.unlock();
    }

    static Stream<Arguments> sideCombinations() {
        List<Arguments> all = new ArrayList<>();
        for (ReadersWritersPolicy policy : ReadersWritersPolicy.values()) {
            for (int bits = 0; bits < 16; bits++) {
                all.add(Arguments.of(policy, (bits & 8) != 0, (bits & 4) != 0, (bits & 2) != 0,
                        (bits & 1) != 0));
            }
        }
        return all.stream();
    }

    /**
     * One thread holds x (side p) and requests y (side q); another holds y (side r) and requests
     * x (side s). The cycle cannot block only if one of its links is a read request meeting a read
     * hold of a reader-preference lock.
     */
    @ParameterizedTest(name = "{0}: x.{1} then y.{2}; y.{3} then x.{4} (true = read)")
    @MethodSource("sideCombinations")
    void readSidesAreReportedExactlyWhenTheCycleCanBlock(ReadersWritersPolicy policy, boolean p,
            boolean q, boolean r, boolean s) {
        Recording recording = new Recording();
        LockOrdering ordering = new LockOrdering(recording);
        OrderedReadWriteLock x = ordering.newReadWriteLock("x", policy);
        OrderedReadWriteLock y = ordering.newReadWriteLock("y", policy);
        nested(side(x, p), side(y, q));
        nested(side(y, r), side(x, s));
        boolean readersShare = policy == ReadersWritersPolicy.READER_PREFERENCE;
        boolean harmless = readersShare && ((q && r) || (s && p));
        assertEquals(harmless ? 0 : 1, recording.seen.size());
    }

    private static OrderedLock side(OrderedReadWriteLock lock, boolean read) {
        return read ? lock.readLock() : lock.writeLock();
    }

    @Test
    void readSidesAreNamedInReports() {
        Recording recording = new Recording();
        LockOrdering ordering = new LockOrdering(recording);
        OrderedReadWriteLock x = ordering.newReadWriteLock("x", ReadersWritersPolicy.FAIR);
        OrderedLock y = ordering.newLock("y");
        nested(x.readLock(), y);
        nested(y, x.writeLock());
        assertEquals(List.of("y->x (write)", "x (read)->y"), recording.seen.get(0).edges().stream()
                .map(e -> e.held() + "->" + e.acquired()).toList());
    }

    @Test
    void ranksMustIncrease() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock low = ordering.newLock("low", 1);
        OrderedLock high = ordering.newLock("high", 2);
        OrderedLock twin = ordering.newLock("twin", 2);
        nested(low, high);
        high.lock();
        try {
            PotentialDeadlockException e = assertThrows(PotentialDeadlockException.class, low::lock);
            assertEquals(PotentialDeadlockException.Kind.RANK, e.kind());
            assertTrue(e.getMessage().contains("'low' (rank 1)"), e.getMessage());
            assertTrue(e.getMessage().contains("'high' (rank 2)"), e.getMessage());
            assertThrows(PotentialDeadlockException.class, twin::lock, "equal ranks by hand");
            assertFalse(low.isHeldByCurrentThread());
            assertFalse(twin.isHeldByCurrentThread());
        } finally {
            high.unlock();
        }
    }

    @Test
    void rankViolationsGoThroughThePolicyOncePerPair() {
        Recording recording = new Recording();
        LockOrdering ordering = new LockOrdering(recording);
        OrderedLock low = ordering.newLock("low", 1);
        OrderedLock high = ordering.newLock("high", 2);
        nested(high, low);
        nested(high, low);
        assertEquals(2, recording.seen.size());
        assertEquals(1, recording.firstReports());
        assertEquals(PotentialDeadlockException.Kind.RANK, recording.seen.get(0).kind());
    }

    enum Tier { DATABASE, CACHE, METRICS }

    enum Other { ONLY }

    @Test
    void enumRanksFollowDeclarationOrderAndCannotBeMixed() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock db = ordering.newLock(Tier.DATABASE);
        OrderedLock metrics = ordering.newLock(Tier.METRICS);
        OrderedReadWriteLock cache = ordering.newReadWriteLock(Tier.CACHE,
                ReadersWritersPolicy.FAIR);
        assertEquals("DATABASE", db.name());
        assertEquals(1, cache.rank().getAsInt());
        nested(db, cache.readLock());
        nested(cache.writeLock(), metrics);
        metrics.lock();
        try {
            assertThrows(PotentialDeadlockException.class, cache.writeLock()::lock);
        } finally {
            metrics.unlock();
        }
        assertThrows(IllegalArgumentException.class, () -> ordering.newLock(Other.ONLY));
        assertThrows(IllegalArgumentException.class, () -> ordering.newLock("int", 3));
        LockOrdering ints = new LockOrdering(OrderingPolicies.THROW);
        ints.newLock("one", 1);
        assertThrows(IllegalArgumentException.class, () -> ints.newLock(Tier.CACHE));
    }

    @Test
    void nullArgumentsAreRejected() {
        assertThrows(NullPointerException.class, () -> new LockOrdering(null));
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        assertThrows(NullPointerException.class, () -> ordering.newLock((String) null));
        assertThrows(NullPointerException.class, () -> ordering.newLock((Tier) null));
        assertThrows(NullPointerException.class, () -> ordering.newReadWriteLock("x", null));
    }

    /**
     * The race-free insertion, as a deterministic interleaving: thread A has checked a -> b and is
     * paused before recording it; thread B then checks b -> a. B must wait for A's recording and
     * then see the cycle (a check outside the graph's lock would let both pass and record one).
     */
    @Test
    void concurrentInsertionsCannotBothMissTheCycle() throws Exception {
        CountDownLatch aChecked = new CountDownLatch(1);
        CountDownLatch resumeA = new CountDownLatch(1);
        AtomicInteger pauses = new AtomicInteger();
        LockGraph graph = new LockGraph() {
            @Override
            void betweenCheckAndRecord() {
                if (pauses.getAndIncrement() == 0) {
                    aChecked.countDown();
                    await(resumeA);
                }
            }
        };
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW, graph);
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        AtomicInteger reports = new AtomicInteger();
        try (TestThreads threads = new TestThreads()) {
            threads.start("A", () -> takeBoth(a, b, reports));
            await(aChecked);
            Thread threadB = threads.start("B", () -> takeBoth(b, a, reports));
            TestThreads.awaitTrue("B waits for A's recording or is done",
                    () -> threadB.getState() == Thread.State.WAITING
                            || threadB.getState() == Thread.State.TERMINATED);
            resumeA.countDown();
        }
        assertEquals(1, reports.get(), "exactly one of the two opposite orders is reported");
        assertEquals(1, ordering.recordedOrderings());
    }

    private static void takeBoth(OrderedLock first, OrderedLock second, AtomicInteger reports) {
        first.lock();
        try {
            second.lock();
            second.unlock();
        } catch (PotentialDeadlockException e) {
            reports.incrementAndGet();
        } finally {
            first.unlock();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void locksThatBecomeUnreachableLeaveTheGraph() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock keep = ordering.newLock("keep");
        WeakReference<OrderedLock> dropped = recordAndDrop(ordering, keep);
        assertEquals(1, ordering.recordedOrderings());
        TestThreads.awaitTrue("the dropped lock's ordering is purged", () -> {
            System.gc();
            return dropped.get() == null && ordering.recordedOrderings() == 0;
        });
        OrderedLock fresh = ordering.newLock("fresh");
        nested(keep, fresh);
        assertEquals(1, ordering.recordedOrderings());
    }

    private static WeakReference<OrderedLock> recordAndDrop(LockOrdering ordering,
            OrderedLock keep) {
        OrderedLock temporary = ordering.newLock("temporary");
        nested(keep, temporary);
        return new WeakReference<>(temporary);
    }

    @Test
    void introspection() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.WARN);
        OrderedLock a = ordering.newLock("a", 7);
        OrderedReadWriteLock rw = ordering.newReadWriteLock("rw", ReadersWritersPolicy.FAIR);
        assertEquals(OrderingPolicies.WARN, ordering.policy());
        assertEquals(7, a.rank().getAsInt());
        assertTrue(rw.rank().isEmpty());
        assertEquals("rw (read)", rw.readLock().name());
        assertEquals("rw", rw.name());
        assertEquals(ReadersWritersPolicy.FAIR, rw.policy());
        try (Guard g = a.hold(); Guard r = rw.read()) {
            assertTrue(a.isHeldByCurrentThread());
            assertTrue(rw.readLock().isHeldByCurrentThread());
            assertFalse(rw.writeLock().isHeldByCurrentThread());
            assertTrue(ordering.toString().contains("[a, rw (read)]"), ordering.toString());
            assertTrue(a.toString().contains("rank 7"), a.toString());
        }
    }
}
