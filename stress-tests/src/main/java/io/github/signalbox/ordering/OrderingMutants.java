package io.github.signalbox.ordering;

/**
 * Deliberately broken lock-ordering helpers ("mutants") that the jcstress and Lincheck tests must
 * reject; the test command checks that they do. Each reuses the real code and breaks one step,
 * the way a real bug would. Kept here, never in core.
 */
public final class OrderingMutants {

    private OrderingMutants() {
    }

    /** A "LockSet" that takes its locks in the order given, without sorting them. */
    public static LockSet unsortedSet(OrderedLock... locks) {
        return new LockSet(locks.clone());
    }

    /**
     * An ordering whose cycle check and edge recording are two separate critical sections (the
     * Guava bug): two threads recording opposite orders can both pass the check.
     */
    public static LockOrdering racyCheck(OrderingPolicy policy) {
        return new LockOrdering(policy, new LockGraph() {
            @Override
            PotentialDeadlockException record(LockNode held, AccessMode heldMode,
                    LockNode requested, AccessMode requestedMode) {
                PotentialDeadlockException violation;
                lockGraph();
                try {
                    violation = check(held, heldMode, requested, requestedMode);
                } finally {
                    unlockGraph();
                }
                Thread.yield(); // the bug: another thread may check here
                if (violation == null) {
                    lockGraph();
                    try {
                        allow(held, heldMode, requested, requestedMode);
                    } finally {
                        unlockGraph();
                    }
                }
                return violation;
            }
        });
    }
}
