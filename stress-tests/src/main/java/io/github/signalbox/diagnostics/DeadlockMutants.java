package io.github.signalbox.diagnostics;

import java.util.List;

/**
 * A deliberately broken deadlock detector that the churn test must reject; the test command
 * checks that it does. Kept here, never in core.
 */
public final class DeadlockMutants {

    private DeadlockMutants() {
    }

    /**
     * The detector without its confirming second snapshot. One snapshot reads each parked
     * thread's wait one after another while the others go on, so it can join a wait seen before
     * a hand-off to a wait seen after it into a cycle that never existed.
     */
    public static List<DeadlockReport> findInOneSnapshot() {
        return Deadlocks.findInOneSnapshot();
    }
}
