package io.github.signalbox;

import java.time.Duration;

/**
 * How often, and for how long, threads had to wait for one primitive: what a metrics binder
 * (signalbox-micrometer) or a health check reads.
 *
 * <p>Only waits are counted: a thread that gets the lock, permit or signal without joining the
 * primitive's wait queue is not seen and pays nothing. A wait is counted when it ends, whatever
 * its outcome (granted, timed out, interrupted, broken); a thread still waiting is in
 * {@link #waitingNow()} instead. The counts only grow (they wrap after {@link Long#MAX_VALUE},
 * about 292 years of total wait time); read them as rates, as Micrometer's function timers do.
 *
 * <p>Memory consistency effects: none. The values are read without synchronization and may lag
 * behind waits that are ending at the same moment.
 */
public interface ContentionStats {

    /**
     * Returns the number of waits that have ended.
     *
     * @return the number of waits that have ended
     */
    long waits();

    /**
     * Returns the summed duration of all ended waits, in nanoseconds.
     *
     * @return the summed duration of all ended waits, in nanoseconds
     */
    long totalWaitNanos();

    /**
     * Returns the summed duration of all ended waits.
     *
     * @return the summed duration of all ended waits
     */
    default Duration totalWaitTime() {
        return Duration.ofNanos(totalWaitNanos());
    }

    /**
     * Returns the longest single wait that has ended, in nanoseconds.
     *
     * @return the longest single wait that has ended, in nanoseconds
     */
    long maxWaitNanos();

    /**
     * Returns the number of waits that ended because their time ran out.
     *
     * @return the number of waits that ended because their time ran out
     */
    long timeouts();

    /**
     * Returns the number of waits that ended because their thread was interrupted.
     *
     * @return the number of waits that ended because their thread was interrupted
     */
    long interrupts();

    /**
     * Returns the number of threads waiting now.
     *
     * @return the number of threads waiting now
     */
    int waitingNow();
}
