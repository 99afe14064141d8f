package io.github.signalbox.internal;

/**
 * How long a waiter spins before it parks.
 *
 * <p>Parking and unparking a thread costs several microseconds each way on a typical server
 * (about 7.7 us one way was measured on the 2-core machines this library is tested on), while a
 * lock is often handed over within a microsecond. A waiter therefore first spins for about one
 * park round trip, then parks. The spin is bounded by time, not by iterations, because the cost
 * of {@link Thread#onSpinWait()} differs tenfold between processor generations.
 */
public final class SpinPolicy {

    /** Upper bound of the spin phase, in nanoseconds. */
    public static final long SPIN_NANOS = 10_000L;

    /**
     * How long the side a policy prefers must leave the lock alone before a woken waiter of the
     * other side competes for it: a few cache-line round trips, enough for a thread that just
     * released to acquire again.
     */
    public static final long YIELD_NANOS = 2_000L;

    /** How long such a waiter parks while the preferred side stays busy. */
    public static final long YIELD_PARK_NANOS = 20_000L;

    /**
     * Every this many spin iterations a spinner yields its processor instead of pausing. When
     * threads outnumber cores, the thread a spinner waits for (the holder, the last party, the
     * setter) may be runnable but not running, and pure spinning would keep it off the core for
     * the whole spin: measured with 4 threads on 2 cores, a barrier round took 30 us with pure
     * spinning and 2.3 us with a yield every 16 pauses (Phaser: 40 us). With idle cores a yield
     * returns at once (a system call, well under a microsecond) and costs the spin nothing
     * measurable. This is what makes the spin adapt: it gives way exactly when someone else
     * could use the core.
     */
    static final int YIELD_EVERY = 16;

    /** The longest back-off pause, in spin hints; a back-off this long also yields. */
    private static final int MAX_BACKOFF = 256;

    /** Spin iterations between two clock reads. */
    private static final int CHECK_EVERY = 32;

    /**
     * An upper bound of iterations per spin, whatever the clock says: a spin must end even where
     * time does not pass (a model checker's virtual time) and never runs away on a processor
     * whose pause instruction is very short.
     */
    private static final int MAX_ITERATIONS = 1 << 12;

    private SpinPolicy() {
    }

    /**
     * Pauses {@code backoff} spin hints and returns the next, doubled, pause (at most 256). A
     * thread spinning on a shared word reads it less and less often this way: every read takes
     * the cache line away from the holder, whose next CAS then has to fetch it back.
     *
     * @param backoff the pause to take now, 1 at first
     * @return the pause to take next time
     */
    public static int backOff(int backoff) {
        for (int k = 1; k < backoff; k++) {
            Thread.onSpinWait();
        }
        if (backoff >= MAX_BACKOFF) {
            Thread.yield(); // see YIELD_EVERY: the holder may be waiting for this core
        }
        return Math.min(backoff << 1, MAX_BACKOFF);
    }

    /**
     * Whether a waiter that has spun {@code iteration} times may spin once more before the
     * {@link System#nanoTime()} value {@code endNanos}. Pauses the processor briefly when it may.
     */
    public static boolean spinUntil(long endNanos, int iteration) {
        if (iteration >= MAX_ITERATIONS || ((iteration & (CHECK_EVERY - 1)) == CHECK_EVERY - 1
                && System.nanoTime() - endNanos >= 0)) {
            return false;
        }
        if ((iteration & (YIELD_EVERY - 1)) == YIELD_EVERY - 1) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
        return true;
    }
}
