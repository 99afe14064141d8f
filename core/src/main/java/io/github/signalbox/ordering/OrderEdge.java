package io.github.signalbox.ordering;

import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.List;

/**
 * The acquired-before edge {@code from -> target}: some thread requested the target while holding
 * {@code from}. One edge per pair of locks, with one bit per (held side, requested side) pair of
 * {@link AccessMode}s: {@code allowed} bits are recorded orderings (they passed the checks and take
 * part in cycle searches), and a rejected pair keeps its {@link PotentialDeadlockException}'s
 * details so a repetition is reported without another search.
 *
 * <p>The edge refers to its target weakly and is enqueued when the target is collected; the graph
 * then removes it from {@code from}'s table. Everything but {@code allowed} is written and read
 * under the graph lock; {@code allowed} is also read by the lock-free fast path, which is why the
 * first-seen details of a pair are written before its bit.
 */
final class OrderEdge extends WeakReference<LockNode> {

    /** The tombstone of a removed entry in a {@link LockNode}'s edge table (no lock has id 0). */
    static final OrderEdge REMOVED = new OrderEdge();

    final LockNode from;
    final long targetId;
    private final String targetName;
    private final boolean targetReadWrite;
    private final Throwable[] firstSeen = new Throwable[4];
    private final String[] firstThread = new String[4];
    /** Rejected pairs, per kind: a rank rejection must not answer a cycle check, nor vice versa. */
    private final Rejection[] cycleRejections = new Rejection[4];
    private final Rejection[] rankRejections = new Rejection[4];
    private volatile int allowed;

    OrderEdge(LockNode from, LockNode target, ReferenceQueue<LockNode> collected) {
        super(target, collected);
        this.from = from;
        this.targetId = target.id;
        this.targetName = target.name;
        this.targetReadWrite = target.readWrite;
    }

    private OrderEdge() {
        super(null);
        this.from = null;
        this.targetId = 0L;
        this.targetName = "(removed)";
        this.targetReadWrite = false;
    }

    /** Whether the (held, requested) pair is a recorded ordering; lock-free. */
    boolean allows(int pair) {
        return (allowed & (1 << pair)) != 0;
    }

    int allowedMask() {
        return allowed;
    }

    /** Records the pair as allowed, first seen now in the current thread. Under the graph lock. */
    void allow(int pair) {
        firstSeen[pair] = new Throwable("first seen");
        firstThread[pair] = Thread.currentThread().getName();
        allowed |= 1 << pair;
    }

    /** The recorded ordering of one pair, as a report shows it. Under the graph lock. */
    AcquiredBefore describe(int pair) {
        return new AcquiredBefore(from.label(AccessMode.heldOf(pair)),
                LockNode.label(targetName, targetReadWrite, AccessMode.requestedOf(pair)),
                firstThread[pair], PotentialDeadlockException.callerFrames(firstSeen[pair].getStackTrace()));
    }

    /** The rejection of a pair reported before with this kind, or null. Under the graph lock. */
    Rejection rejection(PotentialDeadlockException.Kind kind, int pair) {
        return (kind == PotentialDeadlockException.Kind.CYCLE ? cycleRejections : rankRejections)[pair];
    }

    void reject(int pair, Rejection rejection) {
        (rejection.kind() == PotentialDeadlockException.Kind.CYCLE ? cycleRejections
                : rankRejections)[pair] = rejection;
    }

    /** Forgets a cycle rejection whose path is gone. Under the graph lock. */
    void forgetCycle(int pair) {
        cycleRejections[pair] = null;
    }

    /**
     * What a rejected pair was reported with, to report its repetitions the same way. The
     * message is kept without the requesting thread's name, which each report fills in; the
     * locks the cycle passes through are referred to weakly, so a rejection whose path lost a
     * lock is known to be stale.
     */
    record Rejection(PotentialDeadlockException.Kind kind, String title, String detail,
            List<AcquiredBefore> earlier, List<WeakReference<LockNode>> through) {

        /** The message as the current thread reports it. */
        String message() {
            return title + ": thread \"" + Thread.currentThread().getName() + "\"" + detail;
        }

        /** Whether a lock of the cycle has been collected (the cycle no longer exists). */
        boolean isStale() {
            for (WeakReference<LockNode> node : through) {
                if (node.get() == null) {
                    return true;
                }
            }
            return false;
        }
    }
}
