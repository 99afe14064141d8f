package io.github.signalbox.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Conversions of user-supplied timeouts to nanoseconds and deadlines, saturating instead of
 * overflowing (a {@code Long.MAX_VALUE} timeout means "wait practically forever", never a
 * negative deadline).
 */
public final class Timeouts {

    private Timeouts() {
    }

    /** {@code timeout} in nanoseconds, saturated to the {@code long} range. */
    public static long toNanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        try {
            return timeout.toNanos();
        } catch (ArithmeticException overflow) {
            return timeout.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** {@code time} of {@code unit} in nanoseconds ({@link TimeUnit#toNanos} saturates). */
    public static long toNanos(long time, TimeUnit unit) {
        Objects.requireNonNull(unit, "unit");
        return unit.toNanos(time);
    }

    /**
     * The {@link System#nanoTime()} value {@code nanos} from now, saturated: a zero or negative
     * {@code nanos} (even {@code Long.MIN_VALUE}) gives now, a huge one about 146 years from now,
     * so {@code deadline - System.nanoTime()} never overflows.
     */
    public static long deadlineAfter(long nanos) {
        return System.nanoTime() + Math.max(0L, Math.min(nanos, Long.MAX_VALUE >> 1));
    }

    /**
     * The nanoseconds from now until the wall-clock time {@code epochMillis} (as
     * {@link java.util.Date#getTime()} gives it), saturated instead of overflowing: a date far in
     * the past gives a negative value, never a positive one.
     */
    public static long nanosUntil(long epochMillis) {
        long now = System.currentTimeMillis();
        long millis;
        try {
            millis = Math.subtractExact(epochMillis, now);
        } catch (ArithmeticException overflow) {
            millis = epochMillis < now ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
        return TimeUnit.MILLISECONDS.toNanos(millis);
    }
}
