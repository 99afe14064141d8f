package io.github.signalbox.barriers;

/**
 * What a {@link Barrier} does when a waiting party gives up: its timed {@code await} timed out, or
 * its interruptible {@code await} was interrupted.
 */
public enum TimeoutPolicy {

    /**
     * The barrier breaks for everyone: the party that gave up gets its
     * {@link java.util.concurrent.TimeoutException} or {@link InterruptedException}, every other
     * waiter a {@link java.util.concurrent.BrokenBarrierException}, and later arrivals too until
     * {@link Barrier#reset()}. The behaviour of Python's {@code threading.Barrier} and of
     * {@link java.util.concurrent.CyclicBarrier}; the default. Right when the parties compute one
     * result together and a missing party makes the round worthless.
     */
    BREAK,

    /**
     * Only the party that gave up leaves: its arrival is withdrawn as if it had never come, it gets
     * its {@code TimeoutException} or {@code InterruptedException}, and the others keep waiting
     * for a full set of parties (it may arrive again later). Right when a party can retry, or
     * when one slow party must not cancel the round for everyone.
     */
    WITHDRAW
}
