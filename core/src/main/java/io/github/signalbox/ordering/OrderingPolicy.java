package io.github.signalbox.ordering;

/**
 * What a {@link LockOrdering} does when an acquisition would close a cycle in its acquired-before
 * graph, or take a ranked lock out of rank order. The defaults are the constants of
 * {@link OrderingPolicies}; implement this interface to plug in your own (count violations in a
 * metric, fail only in tests, ...).
 *
 * <p>The policy runs in the acquiring thread, before that thread blocks and while it holds
 * nothing new. If it throws, the acquisition does not happen and the exception reaches the
 * caller; if it returns, the acquisition goes ahead.
 */
@FunctionalInterface
public interface OrderingPolicy {

    /**
     * Handles one violation. Called every time a violating acquisition is attempted;
     * {@link PotentialDeadlockException#isFirstReport()} tells the first of each distinct
     * violation from its repetitions.
     *
     * @param violation what was attempted, with the cycle or the ranks involved
     */
    void handle(PotentialDeadlockException violation);
}
