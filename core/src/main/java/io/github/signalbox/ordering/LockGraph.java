package io.github.signalbox.ordering;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The acquired-before graph of one {@link LockOrdering}.
 *
 * <p>Implementation notes. Recorded orderings are only ever added, so an ordering seen once is
 * known forever and the common case — a thread taking locks in an order already recorded — is
 * answered by {@link LockNode#edgeTo} and {@link OrderEdge#allows} without any lock. Only a new
 * ordering comes here, and then the cycle search and the insertion happen under one lock: two
 * threads adding {@code a -> b} and {@code b -> a} at the same time are serialized, so the second
 * finds the first's edge and reports the cycle. (Checking outside the lock and inserting after,
 * as Guava's CycleDetectingLockFactory does, lets both see "no cycle" and record one.) New
 * orderings are rare in a running program, so this lock is not contended in steady state.
 *
 * <p>The search is a breadth-first search (the shortest cycle makes the clearest report) over
 * states (lock, side it was requested in). It skips a link that cannot block: a read request
 * meeting a read hold on a reader-preference lock, where readers never wait for readers. So
 * read-read cycles through reader-preference locks are not reported, and every other
 * combination is.
 *
 * <p>Edges point at their target weakly, and a node's edges live in its own table, so a collected
 * lock takes its outgoing orderings with it and the edges into it are purged under the lock
 * whenever a new ordering is recorded or the size is asked for; a per-node record keeps the count
 * of recorded orderings exact through both. A rejected ordering keeps its report to answer
 * repetitions without a search, but only while every lock of its cycle is still reachable: a
 * cycle through a collected lock no longer exists, so the ordering is searched again.
 */
class LockGraph {

    private final ReentrantLock mutex = new ReentrantLock();
    private final ReferenceQueue<LockNode> collected = new ReferenceQueue<>();
    /** Keeps each node's record reachable until it is enqueued. */
    private final Set<NodeRecord> liveRecords = new HashSet<>();
    private int recorded;

    /**
     * Records that a thread requests {@code requested} while holding {@code held}, unless that
     * closes a cycle: then returns the violation to report and records nothing.
     */
    PotentialDeadlockException record(LockNode held, AccessMode heldMode, LockNode requested,
            AccessMode requestedMode) {
        mutex.lock();
        try {
            PotentialDeadlockException violation = check(held, heldMode, requested, requestedMode);
            betweenCheckAndRecord();
            if (violation == null) {
                allow(held, heldMode, requested, requestedMode);
            }
            return violation;
        } finally {
            mutex.unlock();
        }
    }

    /** Reports a rank violation (first or repeated) of the pair. */
    PotentialDeadlockException rankViolation(LockNode held, AccessMode heldMode, int heldRank,
            LockNode requested, AccessMode requestedMode, int requestedRank) {
        mutex.lock();
        try {
            int pair = AccessMode.pair(heldMode, requestedMode);
            OrderEdge edge = edge(held, requested);
            OrderEdge.Rejection known = edge.rejection(PotentialDeadlockException.Kind.RANK, pair);
            if (known != null) {
                return report(known, held, heldMode, requested, requestedMode, false);
            }
            String detail = " requests '" + requested.label(requestedMode) + "' (rank "
                    + requestedRank + ") while holding '" + held.label(heldMode) + "' (rank "
                    + heldRank + "); ranked locks must be acquired in increasing rank order, equal"
                    + " ranks only together through a LockSet";
            OrderEdge.Rejection rejection = new OrderEdge.Rejection(
                    PotentialDeadlockException.Kind.RANK, "Lock rank violation", detail, List.of(),
                    List.of());
            edge.reject(pair, rejection);
            return report(rejection, held, heldMode, requested, requestedMode, true);
        } finally {
            mutex.unlock();
        }
    }

    /** The number of recorded orderings whose locks are still reachable. */
    int recordedOrderings() {
        mutex.lock();
        try {
            purgeCollected();
            return recorded;
        } finally {
            mutex.unlock();
        }
    }

    /**
     * The cycle check of {@link #record}: null if the ordering is recorded already or closes no
     * cycle. Caller holds the graph lock.
     */
    final PotentialDeadlockException check(LockNode held, AccessMode heldMode, LockNode requested,
            AccessMode requestedMode) {
        int pair = AccessMode.pair(heldMode, requestedMode);
        OrderEdge existing = held.edgeTo(requested.id);
        if (existing != null) {
            if (existing.allows(pair)) {
                return null;
            }
            OrderEdge.Rejection known =
                    existing.rejection(PotentialDeadlockException.Kind.CYCLE, pair);
            if (known != null && !known.isStale()) {
                return report(known, held, heldMode, requested, requestedMode, false);
            }
            existing.forgetCycle(pair); // a lock of that cycle was collected: search again
        }
        Step found = pathBack(requested, requestedMode, held, heldMode);
        if (found == null) {
            return null;
        }
        List<AcquiredBefore> path = describe(found);
        StringBuilder message = new StringBuilder(" requests '")
                .append(requested.label(requestedMode)).append("' while holding '")
                .append(held.label(heldMode))
                .append("', but other acquisitions took them the other way round; the cycle:")
                .append("\n  '").append(held.label(heldMode)).append("' -> '")
                .append(requested.label(requestedMode)).append("' (now)");
        for (AcquiredBefore edge : path) {
            message.append("\n  ").append(edge);
        }
        OrderEdge.Rejection rejection = new OrderEdge.Rejection(
                PotentialDeadlockException.Kind.CYCLE, "Potential deadlock", message.toString(),
                path, through(found));
        edge(held, requested).reject(pair, rejection);
        return report(rejection, held, heldMode, requested, requestedMode, true);
    }

    /** Records the ordering as allowed. Caller holds the graph lock. */
    final void allow(LockNode held, AccessMode heldMode, LockNode requested,
            AccessMode requestedMode) {
        int pair = AccessMode.pair(heldMode, requestedMode);
        OrderEdge edge = edge(held, requested);
        if (!edge.allows(pair)) {
            edge.allow(pair);
            recorded++;
            ((NodeRecord) held.graphRecord).allowed++;
        }
    }

    /** A no-op between the check and the recording; tests override it to pause a thread there. */
    void betweenCheckAndRecord() {
    }

    final void lockGraph() {
        mutex.lock();
    }

    final void unlockGraph() {
        mutex.unlock();
    }

    private static PotentialDeadlockException report(OrderEdge.Rejection rejection,
            LockNode held, AccessMode heldMode, LockNode requested, AccessMode requestedMode,
            boolean first) {
        return new PotentialDeadlockException(rejection.kind(), rejection.message(),
                held.label(heldMode), requested.label(requestedMode), rejection.earlier(), first);
    }

    /** The edge held -> requested, created if missing. Caller holds the graph lock. */
    private OrderEdge edge(LockNode held, LockNode requested) {
        OrderEdge edge = held.edgeTo(requested.id);
        if (edge == null) {
            purgeCollected();
            if (held.graphRecord == null) {
                NodeRecord record = new NodeRecord(held, collected);
                liveRecords.add(record);
                held.graphRecord = record;
            }
            edge = new OrderEdge(held, requested, collected);
            held.add(edge);
        }
        return edge;
    }

    /**
     * Forgets what collected locks recorded: an edge whose target was collected leaves its
     * source's table; a collected source takes its table with it, and its record uncounts the
     * orderings that went out of it.
     */
    private void purgeCollected() {
        for (Reference<? extends LockNode> r; (r = collected.poll()) != null; ) {
            if (r instanceof OrderEdge) {
                OrderEdge edge = (OrderEdge) r;
                edge.from.remove(edge);
                int orderings = Integer.bitCount(edge.allowedMask());
                recorded -= orderings;
                ((NodeRecord) edge.from.graphRecord).allowed -= orderings;
            } else {
                NodeRecord record = (NodeRecord) r;
                liveRecords.remove(record);
                recorded -= record.allowed;
            }
        }
    }

    /**
     * The number of orderings recorded out of one node, enqueued when the node is collected.
     * (An edge refers to its source strongly, so an edge waiting in the queue keeps its source,
     * and this record, alive until the edge was purged: nothing is uncounted twice.)
     */
    private static final class NodeRecord extends WeakReference<LockNode> {
        int allowed;

        NodeRecord(LockNode node, ReferenceQueue<LockNode> queue) {
            super(node, queue);
        }
    }

    /** One state of the search: a lock reached through an edge, requested in a side. */
    private record Step(Step previous, OrderEdge edge, int pair, LockNode node,
            AccessMode requestedAs) {
    }

    /**
     * The shortest chain of recorded orderings from {@code start} (requested in
     * {@code startMode}) back to {@code target} (held in {@code targetHeld}) along which every
     * link can block, or null.
     */
    private static Step pathBack(LockNode start, AccessMode startMode,
            LockNode target, AccessMode targetHeld) {
        ArrayDeque<Step> queue = new ArrayDeque<>();
        Set<Long> seen = new HashSet<>();
        queue.add(new Step(null, null, -1, start, startMode));
        seen.add(start.id * 2 + startMode.ordinal());
        while (!queue.isEmpty()) {
            Step step = queue.poll();
            for (OrderEdge edge : step.node().edges()) {
                LockNode next = edge == null ? null : edge.get(); // null also for REMOVED
                if (next == null) {
                    continue;
                }
                int allowed = edge.allowedMask();
                for (int pair = 0; pair < 4; pair++) {
                    if ((allowed & (1 << pair)) == 0
                            || cannotBlock(step.node(), step.requestedAs(), AccessMode.heldOf(pair))) {
                        continue;
                    }
                    AccessMode requestedAs = AccessMode.requestedOf(pair);
                    Step reached = new Step(step, edge, pair, next, requestedAs);
                    if (next == target && !cannotBlock(target, requestedAs, targetHeld)) {
                        return reached;
                    }
                    if (seen.add(next.id * 2 + requestedAs.ordinal())) {
                        queue.add(reached);
                    }
                }
            }
        }
        return null;
    }

    /** Whether a request in {@code requested} can never wait for a hold in {@code held}. */
    private static boolean cannotBlock(LockNode node, AccessMode requested, AccessMode held) {
        return node.readersNeverWaitForReaders && requested == AccessMode.READ
                && held == AccessMode.READ;
    }

    /** The locks a found cycle passes through, weakly. */
    private static List<WeakReference<LockNode>> through(Step last) {
        List<WeakReference<LockNode>> nodes = new ArrayList<>();
        for (Step s = last; s != null; s = s.previous()) {
            nodes.add(new WeakReference<>(s.node()));
        }
        return nodes;
    }

    private static List<AcquiredBefore> describe(Step last) {
        List<AcquiredBefore> path = new ArrayList<>();
        for (Step s = last; s.edge() != null; s = s.previous()) {
            path.add(s.edge().describe(s.pair()));
        }
        Collections.reverse(path);
        return path;
    }
}
