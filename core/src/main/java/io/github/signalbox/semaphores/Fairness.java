package io.github.signalbox.semaphores;

/** The order in which a {@link BoundedSemaphore} hands permits to competing threads. */
public enum Fairness {

    /**
     * First in, first out: a thread is never overtaken by one that asked later, whatever the
     * number of permits each asked for. A request for many permits at the head of the queue holds
     * back later requests for fewer, even when those could be served now; that is the price of
     * never starving large requests.
     */
    FIFO,

    /**
     * A thread that arrives while permits are available takes them at once, even if others are
     * queued (they keep their order among themselves). Higher throughput; a waiter can be
     * overtaken any number of times.
     */
    BARGING
}
