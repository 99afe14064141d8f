package io.github.signalbox.ordering;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A lock's vertex in its {@link LockGraph}: its identity, name and outgoing edges. Shared by the
 * two sides of a readers-writers lock. The node is referenced strongly only by its lock(s); edges
 * point at it weakly, so a lock nobody uses any more takes its node (and, lazily, the edges into
 * it) with it.
 *
 * <p>Outgoing edges live in a small open-addressing table keyed by the target's id (see
 * {@link #out}); the fast path ({@link #edgeTo}) reads one volatile reference and probes without
 * locking.
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

    /**
     * Outgoing edges: an open-addressing table (linear probing, load at most 1/2, removed entries
     * replaced by {@link OrderEdge#REMOVED}). The graph adds and removes entries in place under its
     * lock, publishing each slot with a release store, and replaces the whole table only when it
     * must grow or shed its tombstones, so a new edge costs amortized O(1). The lock-free
     * {@link #edgeTo} may miss an edge being added (the caller then takes the graph lock and
     * looks again) but never sees a half-built one.
     */
    private volatile OrderEdge[] out = NO_EDGES;
    /** Live entries, and live plus removed ones; written under the graph lock. */
    private int live;
    private int used;
    /** The graph's count of this node's recorded orderings (see LockGraph); graph lock. */
    Object graphRecord;

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
        int mask = table.length - 1;
        if (mask < 0) {
            return null;
        }
        for (int i = slot(targetId, mask); ; i = (i + 1) & mask) {
            OrderEdge e = (OrderEdge) SLOT.getAcquire(table, i);
            if (e == null || e.targetId == targetId) {
                return e;
            }
        }
    }

    /** A snapshot of the outgoing edges (slots may be null or {@link OrderEdge#REMOVED}). */
    OrderEdge[] edges() {
        return out;
    }

    /** Adds an edge to a target not yet in the table; caller holds the graph lock. */
    void add(OrderEdge edge) {
        OrderEdge[] table = out;
        if ((used + 1) * 2 > table.length) {
            table = rebuilt(live + 1);
        }
        int mask = table.length - 1;
        int i = slot(edge.targetId, mask);
        while (table[i] != null && table[i] != OrderEdge.REMOVED) {
            i = (i + 1) & mask;
        }
        if (table[i] == null) {
            used++;
        }
        live++;
        SLOT.setRelease(table, i, edge);
    }

    /** Removes an edge whose target was collected; caller holds the graph lock. */
    void remove(OrderEdge edge) {
        OrderEdge[] table = out;
        int mask = table.length - 1;
        if (mask < 0) {
            return;
        }
        for (int i = slot(edge.targetId, mask); table[i] != null; i = (i + 1) & mask) {
            if (table[i] == edge) {
                SLOT.setRelease(table, i, OrderEdge.REMOVED);
                live--;
                return;
            }
        }
    }

    /** Installs a fresh table with room for {@code entries} live edges, without tombstones. */
    private OrderEdge[] rebuilt(int entries) {
        int capacity = Math.max(2, Integer.highestOneBit(entries * 4 - 1)); // load <= 1/2
        OrderEdge[] table = new OrderEdge[capacity];
        int mask = capacity - 1;
        for (OrderEdge e : out) {
            if (e != null && e != OrderEdge.REMOVED) {
                int i = slot(e.targetId, mask);
                while (table[i] != null) {
                    i = (i + 1) & mask;
                }
                table[i] = e;
            }
        }
        used = live;
        out = table; // a volatile store publishes the filled table
        return table;
    }

    private static int slot(long id, int mask) {
        return (int) (id * 0x9E3779B97F4A7C15L >>> 40) & mask;
    }

    @Override
    public String toString() {
        return name + "#" + id;
    }

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(OrderEdge[].class);
}
