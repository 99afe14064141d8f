package io.github.signalbox.ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.Guard;
import io.github.signalbox.TestThreads;
import io.github.signalbox.locks.LockUpgradeException;
import io.github.signalbox.locks.ReadersWritersPolicy;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Regression tests for defects found by porting Guava's CycleDetectingLockFactoryTest and by
 * trying the ordering family as a new user would (issue 11, items 7 to 14).
 */
class OrderingRegressionTest {

    private static void nested(OrderedLock outer, OrderedLock inner) {
        outer.lock();
        try {
            inner.lock();
            inner.unlock();
        } finally {
            outer.unlock();
        }
    }

    /** Item 7: a RANK rejection must not answer the cycle check of a set's legal acquisition. */
    @Test
    void equalRanksTakenByHandOnceCanStillBeTakenTogetherThroughASet() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock x = ordering.newLock("x", 3);
        OrderedLock y = ordering.newLock("y", 3);
        x.lock();
        try {
            PotentialDeadlockException e = assertThrows(PotentialDeadlockException.class, y::lock);
            assertEquals(PotentialDeadlockException.Kind.RANK, e.kind());
        } finally {
            x.unlock();
        }
        for (int i = 0; i < 3; i++) {
            try (Guard g = LockSet.of(x, y).hold()) {
                assertTrue(x.isHeldByCurrentThread() && y.isHeldByCurrentThread());
            }
        }
        LockOrderingTest.Recording recording = new LockOrderingTest.Recording();
        LockOrdering warned = new LockOrdering(recording);
        OrderedLock p = warned.newLock("p", 1);
        OrderedLock q = warned.newLock("q", 1);
        nested(p, q); // a rank violation, reported once
        assertEquals(1, recording.seen.size());
        LockSet.of(p, q).hold().close();
        LockSet.of(q, p).hold().close();
        assertEquals(1, recording.seen.size(), "a set's equal ranks are not a violation");
    }

    /** Item 8: the write holder taking its own read side is re-entry, never a cycle. */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void writeHolderTakingItsReadSideIsNotACycle(ReadersWritersPolicy policy) {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedReadWriteLock a = ordering.newReadWriteLock("A", policy);
        OrderedLock b = ordering.newLock("B");
        a.writeLock().lock();
        b.lock();
        a.readLock().lock(); // granted by the lock: the write holder may read
        a.readLock().unlock();
        b.unlock();
        a.writeLock().unlock();
        // the upgrade is still the lock's business: LockUpgradeException, not a cycle report
        a.readLock().lock();
        b.lock();
        try {
            assertThrows(LockUpgradeException.class, a.writeLock()::lock);
        } finally {
            b.unlock();
            a.readLock().unlock();
        }
        assertEquals(0, ordering.heldByCurrentThread().length);
    }

    /** Item 9: a cached rejection whose cycle lost a lock is searched again, not repeated. */
    @Test
    void aRejectionDiesWithTheLocksOfItsCycle() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock a = ordering.newLock("a");
        OrderedLock c = ordering.newLock("c");
        WeakReference<OrderedLock> b = chainThroughATemporaryLock(ordering, a, c);
        c.lock();
        try {
            PotentialDeadlockException e = assertThrows(PotentialDeadlockException.class, a::lock);
            assertTrue(e.getMessage().contains("'b'"), e.getMessage());
        } finally {
            c.unlock();
        }
        TestThreads.awaitTrue("b collected", () -> {
            System.gc();
            return b.get() == null;
        });
        nested(c, a); // the cycle is gone: allowed, and recorded
        assertThrows(PotentialDeadlockException.class, () -> nested(a, c),
                "the new ordering c -> a is recorded");
    }

    private static WeakReference<OrderedLock> chainThroughATemporaryLock(LockOrdering ordering,
            OrderedLock a, OrderedLock c) {
        OrderedLock b = ordering.newLock("b");
        nested(a, b);
        nested(b, c);
        return new WeakReference<>(b);
    }

    /** Item 10: orderings out of collected locks are uncounted, not only those into them. */
    @Test
    void recordedOrderingsCountsOnlyLocksStillReachable() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock longLived = ordering.newLock("long-lived");
        recordFromShortLivedLocks(ordering, longLived, 10_000);
        TestThreads.awaitTrue("orderings of collected locks uncounted", () -> {
            System.gc();
            return ordering.recordedOrderings() == 0;
        });
        OrderedLock fresh = ordering.newLock("fresh");
        nested(fresh, longLived);
        assertEquals(1, ordering.recordedOrderings());
    }

    private static void recordFromShortLivedLocks(LockOrdering ordering, OrderedLock target,
            int count) {
        for (int i = 0; i < count; i++) {
            nested(ordering.newLock("short-" + i), target);
        }
    }

    /**
     * Item 11: recording many new orderings from one lock is linear, not quadratic. No timing:
     * the edge table of the held lock must be replaced only O(log n) times, which shows as a
     * table whose identity changes rarely.
     */
    @Test
    void newOrderingsFromOneLockGrowItsTableInPlace() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock table = ordering.newLock("table");
        List<OrderedLock> rows = new ArrayList<>();
        int replacements = 0;
        OrderEdge[] last = table.node.edges();
        for (int i = 0; i < 4_096; i++) {
            OrderedLock row = ordering.newLock("row-" + i);
            rows.add(row);
            nested(table, row);
            if (table.node.edges() != last) {
                replacements++;
                last = table.node.edges();
            }
        }
        assertEquals(4_096, ordering.recordedOrderings());
        assertTrue(replacements <= 14, "the table was rebuilt " + replacements + " times");
        for (OrderedLock row : rows) {
            assertTrue(table.node.edgeTo(row.node.id) != null, "every edge is found");
        }
    }

    /** Item 12: a repeated report names the thread that repeats it. */
    @Test
    void repeatedReportsNameTheirOwnThread() throws Exception {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        nested(a, b);
        assertThrows(PotentialDeadlockException.class, () -> nested(b, a));
        AtomicReference<PotentialDeadlockException> other = new AtomicReference<>();
        try (TestThreads threads = new TestThreads()) {
            threads.start("second-thread", () -> other.set(
                    assertThrows(PotentialDeadlockException.class, () -> nested(b, a))));
        }
        PotentialDeadlockException repeated = other.get();
        assertFalse(repeated.isFirstReport());
        assertTrue(repeated.getMessage().contains("thread \"second-thread\""),
                repeated.getMessage());
        assertEquals("second-thread", repeated.edges().get(0).thread());
    }

    /** Item 13: reports for the read()/write() guards start at the user's call. */
    @Test
    void guardReportsStartAtTheCaller() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedReadWriteLock a = ordering.newReadWriteLock("a", ReadersWritersPolicy.FAIR);
        OrderedLock b = ordering.newLock("b");
        try (Guard g = a.write(); Guard h = b.hold()) {
            assertTrue(b.isHeldByCurrentThread());
        }
        try (Guard h = b.hold()) {
            PotentialDeadlockException e = assertThrows(PotentialDeadlockException.class,
                    a::write);
            StackTraceElement top = e.edges().get(0).stackTrace().get(0);
            assertFalse(top.getClassName().startsWith("io.github.signalbox.ordering.Ordered"),
                    "first frame " + top);
            StackTraceElement firstSeen = e.edges().get(1).stackTrace().get(0);
            assertEquals(OrderingRegressionTest.class.getName(), firstSeen.getClassName(),
                    "first frame " + firstSeen);
        }
    }

    /** Item 14: a non-owner's failed close changes nothing, so the owner can still close. */
    @Test
    void aSetGuardClosedByAnotherThreadChangesNothing() throws Exception {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock other = ordering.newLock("other");
        OrderedReadWriteLock shared = ordering.newReadWriteLock("shared", // created last, so
                ReadersWritersPolicy.READER_PREFERENCE);                   // released first
        Guard set = LockSet.of(shared.readLock(), other).hold();
        try (TestThreads threads = new TestThreads()) {
            threads.start("stranger", () -> {
                shared.readLock().lock(); // holds a read side of a lock of the set itself
                try {
                    assertThrows(IllegalMonitorStateException.class, set::close);
                    assertTrue(shared.readLock().isHeldByCurrentThread(),
                            "the stranger's own read hold is untouched");
                } finally {
                    shared.readLock().unlock();
                }
            });
        }
        assertTrue(shared.readLock().isHeldByCurrentThread() && other.isHeldByCurrentThread());
        set.close();
        assertFalse(shared.readLock().isHeldByCurrentThread());
        assertFalse(other.isHeldByCurrentThread());
        assertEquals(0, ordering.heldByCurrentThread().length);
        set.close(); // twice: nothing
    }
}
