package io.github.signalbox.ordering;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A lock's vertex in its {@link LockGraph}: its identity, name and outgoing edges. Shared by the
 * two sides of a readers-writers lock. The node is referenced strongly only by its lock(s); edges
 * point at it weakly, so a lock nobody uses any more takes its node (and, lazily, the edges into
 * it) with it.
 *
 * <p>Outgoing edges live in a small open-addressing table keyed by the target's id. The table is
 * never changed in place: the graph replaces it, under its lock, when an edge is added or purged,
 * so the fast path ({@link #edgeTo}) reads one volatile reference and probes without locking.
 */
final class LockNode {

    private static final AtomicLong IDS = new AtomicLong();
    private static final OrderEdge[] NO_EDGES = new OrderEdge[0];

    /** Unique, increasing in creation order: the tie-break of {@link LockSet}'s order. */
    final long id = IDS.incrementAndGet();
    final String name;
    /** Whether this is a readers-writers lock (its sides are named in reports). */
    final boolean readWrite;
    /**
     * Whether a read request never waits while only readers hold the lock (reader preference):
     * then a read-read link of a cycle cannot block.
     */
    final boolean readersNeverWaitForReaders;

    private volatile OrderEdge[] out = NO_EDGES;

    LockNode(String name, boolean readWrite, boolean readersNeverWaitForReaders) {
        this.name = name;
        this.readWrite = readWrite;
        this.readersNeverWaitForReaders = readersNeverWaitForReaders;
    }

    /** The name of one side of this lock, as reports show it. */
    String label(AccessMode mode) {
        return label(name, readWrite, mode);
    }

    static String label(String name, boolean readWrite, AccessMode mode) {
        if (!readWrite) {
            return name;
        }
        return name + (mode == AccessMode.READ ? " (read)" : " (write)");
    }

    /** The edge to the node with id {@code targetId}, or null; lock-free. */
    OrderEdge edgeTo(long targetId) {
        OrderEdge[] table = out;
        if (table.length == 0) {
            return null;
        }
        int mask = table.length - 1;
        for (int i = slot(targetId, mask); ; i = (i + 1) & mask) {
            OrderEdge e = table[i];
            if (e == null || e.targetId == targetId) {
                return e;
            }
        }
    }

    /** A snapshot of the outgoing edges (slots may be null). */
    OrderEdge[] edges() {
        return out;
    }

    /** Adds an edge; caller holds the graph lock. */
    void add(OrderEdge edge) {
        rebuild(edge, null);
    }

    /** Removes an edge whose target was collected; caller holds the graph lock. */
    void remove(OrderEdge edge) {
        rebuild(null, edge);
    }

    private void rebuild(OrderEdge added, OrderEdge removed) {
        OrderEdge[] old = out;
        int live = added == null ? 0 : 1;
        for (OrderEdge e : old) {
            if (e != null && e != removed) {
                live++;
            }
        }
        int capacity = Integer.highestOneBit(Math.max(live, 1) * 4 - 1); // load factor <= 1/2
        OrderEdge[] table = new OrderEdge[Math.max(capacity, 2)];
        int mask = table.length - 1;
        for (OrderEdge e : old) {
            if (e != null && e != removed) {
                insert(table, mask, e);
            }
        }
        if (added != null) {
            insert(table, mask, added);
        }
        out = table;
    }

    private static void insert(OrderEdge[] table, int mask, OrderEdge e) {
        int i = slot(e.targetId, mask);
        while (table[i] != null) {
            i = (i + 1) & mask;
        }
        table[i] = e;
    }

    private static int slot(long id, int mask) {
        return (int) (id * 0x9E3779B97F4A7C15L >>> 40) & mask;
    }

    @Override
    public String toString() {
        return name + "#" + id;
    }
}
