package io.github.signalbox.ordering;

import io.github.signalbox.internal.Timeouts;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Randomized exponential backoff for retry loops: the cure for livelock, where threads that
 * politely give way to each other on a conflict keep giving way in lock step forever. Each
 * {@link #pause()} waits a random time between zero and a ceiling that doubles after every pause,
 * from {@code initial} up to {@code max} ("full jitter"): two threads that collided once are
 * unlikely to collide again, and the expected wait stays small.
 *
 * <p>An instance belongs to one retry loop in one thread (it is not thread-safe); create one per
 * attempt sequence, or {@link #reset()} it after a success.
 *
 * <h2>Sample usage</h2>
 * <pre>{@code
 * Backoff backoff = Backoff.randomized(Duration.ofNanos(500), Duration.ofMillis(5));
 * while (true) {
 *     Optional<Guard> both = LockSet.of(left, right).tryHold();
 *     if (both.isPresent()) {
 *         try (Guard g = both.get()) { eat(); }
 *         break;
 *     }
 *     backoff.pause();
 * }
 * }</pre>
 *
 * <p>Memory consistency effects: none; a pause is not a synchronization action.
 */
public final class Backoff {

    private final long initialNanos;
    private final long maxNanos;
    private long ceilingNanos;

    private Backoff(long initialNanos, long maxNanos) {
        this.initialNanos = initialNanos;
        this.maxNanos = maxNanos;
        this.ceilingNanos = initialNanos;
    }

    /**
     * A backoff whose ceiling starts at {@code initial} and doubles up to {@code max}.
     *
     * @param initial the first ceiling (positive)
     * @param max the largest ceiling
     * @return the backoff
     * @throws IllegalArgumentException if {@code initial} is not positive or {@code max} is less
     *     than {@code initial}
     * @throws NullPointerException if an argument is null
     */
    public static Backoff randomized(Duration initial, Duration max) {
        long first = Timeouts.toNanos(initial);
        long last = Timeouts.toNanos(max);
        if (first <= 0) {
            throw new IllegalArgumentException("initial backoff must be positive: " + initial);
        }
        if (last < first) {
            throw new IllegalArgumentException("max backoff " + max + " is less than initial "
                    + initial);
        }
        return new Backoff(first, last);
    }

    /**
     * The next delay: uniformly random in [0, ceiling]; then doubles the ceiling (up to max).
     *
     * @return the delay, in nanoseconds
     */
    public long nextDelayNanos() {
        long delay = ThreadLocalRandom.current()
                .nextLong(ceilingNanos == Long.MAX_VALUE ? ceilingNanos : ceilingNanos + 1);
        ceilingNanos = Math.min(maxNanos, ceilingNanos > maxNanos / 2 ? maxNanos : ceilingNanos * 2);
        return delay;
    }

    /**
     * Waits for {@link #nextDelayNanos()}. If the current thread has its interrupted status set
     * on entry or is interrupted while waiting, InterruptedException is thrown and the status is
     * cleared.
     *
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public void pause() throws InterruptedException {
        long delay = nextDelayNanos();
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        TimeUnit.NANOSECONDS.sleep(delay);
    }

    /** Back to the initial ceiling (after a success). */
    public void reset() {
        ceilingNanos = initialNanos;
    }

    /**
     * The current ceiling of the next delay, in nanoseconds.
     *
     * @return the ceiling, in nanoseconds
     */
    public long ceilingNanos() {
        return ceilingNanos;
    }

    @Override
    public String toString() {
        return "Backoff[ceiling=" + ceilingNanos + " ns, initial=" + initialNanos + " ns, max="
                + maxNanos + " ns]";
    }
}
