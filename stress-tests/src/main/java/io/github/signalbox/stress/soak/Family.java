package io.github.signalbox.stress.soak;

import java.util.List;
import java.util.SplittableRandom;

/**
 * One primitive family under soak: a random hostile operation at a time, and the conservation
 * checks that must hold whenever every worker is quiescent.
 */
interface Family {

    /** The family's name in reports. */
    String name();

    /**
     * Runs one random operation (blocking, timed with zero, microsecond or millisecond timeouts,
     * interruptible or asynchronous with cancellation), leaving nothing held when it returns,
     * even when it throws.
     */
    void step(SplittableRandom random, Tally tally) throws Exception;

    /**
     * The violations of conservation with every worker quiescent (empty when all is well). It may
     * poll briefly: asynchronous withdrawals complete on timer threads.
     */
    List<String> check();
}
