package io.github.signalbox.ordering;

import io.github.signalbox.internal.Jfr;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.ReadersWritersPolicy;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A family of locks whose acquisition order is checked across all threads, so that the circular
 * wait behind a deadlock is found the first time the code takes two locks in conflicting orders,
 * not the day the timing lines up. Locks come from its factory methods: exclusive
 * {@link OrderedLock}s and {@link OrderedReadWriteLock}s, each unranked or with a rank.
 *
 * <h2>What is checked</h2>
 * <ul>
 *   <li><b>Cycles.</b> The ordering records, for every lock a thread requests while holding
 *       another, the edge held &rarr; requested (with the thread and stack trace where it was first
 *       seen). A request that would close a cycle of such edges breaks the order: somewhere, other
 *       threads take the same locks the other way round.</li>
 *   <li><b>Ranks.</b> A ranked lock may be requested only while every ranked lock the thread holds
 *       has a lower rank. Locks of equal rank may be taken together only through a
 *       {@link LockSet}, which takes them in a fixed order. Ranks are ints, or the order of an
 *       enum's constants (one enum per ordering).</li>
 *   <li><b>Readers-writers locks.</b> The read and write sides are one lock in the graph, and each
 *       edge remembers which sides were involved. Two readers cannot block each other under
 *       {@link ReadersWritersPolicy#READER_PREFERENCE}, so cycles that only close through
 *       read-read links of reader-preference locks are not reported; under the other policies a
 *       queued writer makes readers wait for readers, and such cycles are reported.</li>
 * </ul>
 * A violation goes to the {@link OrderingPolicy}: {@link OrderingPolicies#THROW} throws a
 * {@link PotentialDeadlockException} before the thread blocks, holding nothing new;
 * {@link OrderingPolicies#WARN} logs it once; {@link OrderingPolicies#DISABLED} turns all of this
 * off and the locks cost what a plain lock costs. Only acquisitions that can wait are checked:
 * {@code lock}, {@code lockInterruptibly} and the timed {@code tryLock}. A no-wait
 * {@code tryLock()} cannot take part in a circular wait, so it is not checked and records no
 * edge (but the lock it takes counts as held for later requests). Reentrant acquisitions are never
 * checked.
 *
 * <p>Checking costs a per-thread record of held locks and, for a lock requested while others are
 * held, one lock-free table lookup per held lock; only an ordering never seen before takes the
 * ordering's internal lock and searches the graph. The graph refers to locks weakly: locks that
 * become unreachable are dropped from it.
 *
 * <h2>Sample usage</h2>
 * <pre>{@code
 * enum Rank { ACCOUNTS, LEDGER }
 *
 * LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
 * OrderedLock accounts = ordering.newLock(Rank.ACCOUNTS);
 * OrderedLock ledger = ordering.newLock(Rank.LEDGER);
 *
 * try (Guard a = accounts.hold(); Guard l = ledger.hold()) {   // increasing rank: fine
 *     ...
 * }
 * try (Guard l = ledger.hold(); Guard a = accounts.hold()) {   // throws PotentialDeadlockException
 *     ...
 * }
 * }</pre>
 *
 * <h2>Memory consistency effects</h2>
 * The locks of an ordering give exactly the guarantees of the locks they wrap
 * ({@link ReentrantLock}, {@link ReadersWritersLock}); the checking adds no ordering between
 * threads beyond that. See the <a href="../package-summary.html#memory-visibility">memory-visibility
 * rules</a>.
 *
 * <h2>Limits</h2>
 * Each checked thread keeps a small array of the locks it holds per ordering. A condition wait
 * ({@code newCondition().await()}) releases and re-takes the lock inside the wrapped lock, unseen
 * by the checks: the lock counts as held throughout.
 */
public final class LockOrdering {

    private final OrderingPolicy policy;
    private final LockGraph graph;
    private final ThreadLocal<HeldLocks> held;
    /** Integer.class once int ranks are used, or the enum class whose constants rank locks. */
    private final AtomicReference<Class<?>> rankScale = new AtomicReference<>();

    /**
     * An ordering whose violations go to {@code policy}.
     *
     * @param policy what to do on a violation; {@link OrderingPolicies#DISABLED} checks nothing
     * @throws NullPointerException if {@code policy} is null
     */
    public LockOrdering(OrderingPolicy policy) {
        this(policy, new LockGraph());
    }

    /** An ordering with the given graph (tests and mutants replace its steps). */
    LockOrdering(OrderingPolicy policy, LockGraph graph) {
        this.policy = Objects.requireNonNull(policy, "policy");
        boolean checking = policy != OrderingPolicies.DISABLED;
        this.graph = checking ? graph : null;
        this.held = checking ? ThreadLocal.withInitial(HeldLocks::new) : null;
    }

    /**
     * A new unranked exclusive (reentrant) lock named {@code name}.
     *
     * @param name the name reports use for the lock
     * @return the new lock
     */
    public OrderedLock newLock(String name) {
        return exclusive(name, false, 0);
    }

    /**
     * A new exclusive (reentrant) lock with an int rank.
     *
     * @param name the name reports use for the lock
     * @param rank the rank: locks of higher rank are acquired later
     * @return the new lock
     */
    public OrderedLock newLock(String name, int rank) {
        useRanks(Integer.class);
        return exclusive(name, true, rank);
    }

    /**
     * A new exclusive (reentrant) lock ranked and named by an enum constant: constants declared
     * later rank higher.
     *
     * @param <E> the enum whose constants rank this ordering's locks
     * @param rank the rank: locks of higher rank are acquired later
     * @return the new lock
     * @throws IllegalArgumentException if this ordering already ranks locks by ints or by another
     *     enum
     */
    public <E extends Enum<E>> OrderedLock newLock(E rank) {
        useRanks(rank.getDeclaringClass());
        return exclusive(rank.name(), true, rank.ordinal());
    }

    /**
     * A new unranked readers-writers lock with the given policy.
     *
     * @param name the name reports use for the lock
     * @param policy the readers-writers policy
     * @return the new readers-writers lock
     */
    public OrderedReadWriteLock newReadWriteLock(String name, ReadersWritersPolicy policy) {
        return readWrite(name, policy, false, 0);
    }

    /**
     * A new readers-writers lock with an int rank, shared by its two sides.
     *
     * @param name the name reports use for the lock
     * @param rank the rank: locks of higher rank are acquired later
     * @param policy the readers-writers policy
     * @return the new readers-writers lock
     */
    public OrderedReadWriteLock newReadWriteLock(String name, int rank,
            ReadersWritersPolicy policy) {
        useRanks(Integer.class);
        return readWrite(name, policy, true, rank);
    }

    /**
     * A new readers-writers lock ranked and named by an enum constant.
     *
     * @param <E> the enum whose constants rank this ordering's locks
     * @param rank the rank: locks of higher rank are acquired later
     * @param policy the readers-writers policy
     * @return the new readers-writers lock
     * @throws IllegalArgumentException if this ordering already ranks locks by ints or by another
     *     enum
     */
    public <E extends Enum<E>> OrderedReadWriteLock newReadWriteLock(E rank,
            ReadersWritersPolicy policy) {
        useRanks(rank.getDeclaringClass());
        return readWrite(rank.name(), policy, true, rank.ordinal());
    }

    /**
     * The policy violations go to.
     *
     * @return the policy
     */
    public OrderingPolicy policy() {
        return policy;
    }

    /**
     * Whether acquisitions are checked (the policy is not {@link OrderingPolicies#DISABLED}).
     *
     * @return whether acquisitions are checked
     */
    public boolean isChecking() {
        return graph != null;
    }

    /**
     * The number of distinct orderings recorded (held lock and side, requested lock and side)
     * between locks that are still reachable; 0 when not checking.
     *
     * @return the number of recorded orderings
     */
    public int recordedOrderings() {
        return graph == null ? 0 : graph.recordedOrderings();
    }

    /**
     * The names of the locks of this ordering the current thread holds, oldest first (sides
     * named for readers-writers locks); empty when not checking.
     *
     * @return the names of the held locks, oldest first
     */
    public String[] heldByCurrentThread() {
        return held == null ? new String[0] : held.get().labels();
    }

    @Override
    public String toString() {
        return "LockOrdering[policy=" + policy + (graph == null ? "" : ", recorded orderings="
                + recordedOrderings() + ", held by current thread="
                + Arrays.toString(heldByCurrentThread())) + "]";
    }

    // ---- used by OrderedLock and LockSet ----

    /** The current thread's held locks; only when checking. */
    HeldLocks held() {
        return held.get();
    }

    /**
     * Checks a request that may wait against the locks the thread holds, recording new
     * orderings, and hands each violation to the policy (which may throw). Only when checking.
     */
    void checkBeforeWaiting(OrderedLock requested, HeldLocks locks) {
        int n = locks.size();
        if (n == 0 || holdsEitherSide(locks, requested.node)) {
            // Nothing held; or re-entry; or the other side of a lock the thread holds: the write
            // holder taking the read side is granted at once (re-entry for ordering purposes),
            // and a reader asking for the write side is refused by the lock itself
            // (LockUpgradeException). Neither can wait for another thread.
            return;
        }
        for (int i = 0; i < n; i++) {
            OrderedLock h = locks.get(i);
            if (h.ranked && requested.ranked && (h.rank > requested.rank
                    || (h.rank == requested.rank && !locks.inGroup(i)))) {
                report(graph.rankViolation(h.node, h.mode, h.rank, requested.node,
                        requested.mode, requested.rank));
                continue;
            }
            OrderEdge known = h.node.edgeTo(requested.node.id);
            if (known != null && known.allows(AccessMode.pair(h.mode, requested.mode))) {
                continue;
            }
            PotentialDeadlockException violation =
                    graph.record(h.node, h.mode, requested.node, requested.mode);
            if (violation != null) {
                report(violation);
            }
        }
    }

    /** Records the first report of a violation as a JFR event, then hands it to the policy. */
    private void report(PotentialDeadlockException violation) {
        if (violation.isFirstReport()) {
            Jfr.orderViolation("LockOrdering@" + Integer.toHexString(System.identityHashCode(this)),
                    String.valueOf(policy), violation.getMessage());
        }
        policy.handle(violation);
    }

    private static boolean holdsEitherSide(HeldLocks locks, LockNode node) {
        for (int i = locks.size() - 1; i >= 0; i--) {
            if (locks.get(i).node == node) {
                return true;
            }
        }
        return false;
    }

    private void useRanks(Class<?> scale) {
        Class<?> current = rankScale.compareAndExchange(null, scale);
        if (current != null && current != scale) {
            throw new IllegalArgumentException("this LockOrdering ranks locks by "
                    + scaleName(current) + "; a rank by " + scaleName(scale)
                    + " cannot be compared with them");
        }
    }

    private static String scaleName(Class<?> scale) {
        return scale == Integer.class ? "int" : "the enum " + scale.getName();
    }

    private OrderedLock exclusive(String name, boolean ranked, int rank) {
        Objects.requireNonNull(name, "name");
        ReentrantLock lock = new ReentrantLock();
        return new OrderedLock(this, new LockNode(name, false, false), AccessMode.WRITE, ranked,
                rank, lock, lock::isHeldByCurrentThread);
    }

    private OrderedReadWriteLock readWrite(String name, ReadersWritersPolicy rwPolicy,
            boolean ranked, int rank) {
        Objects.requireNonNull(name, "name");
        ReadersWritersLock.Builder inner = ReadersWritersLock.builder()
                .policy(Objects.requireNonNull(rwPolicy, "policy"));
        // the wrapped lock carries the name too, so thread dumps and reports show it
        ReadersWritersLock lock = (name.isBlank() ? inner : inner.name(name)).build();
        LockNode node = new LockNode(name, true,
                rwPolicy == ReadersWritersPolicy.READER_PREFERENCE);
        return new OrderedReadWriteLock(lock,
                new OrderedLock(this, node, AccessMode.READ, ranked, rank, lock.readLock(),
                        () -> lock.getReadHoldCount() > 0),
                new OrderedLock(this, node, AccessMode.WRITE, ranked, rank, lock.writeLock(),
                        lock::isWriteLockedByCurrentThread));
    }
}
