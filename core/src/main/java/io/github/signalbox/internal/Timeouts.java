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

    /** The {@link System#nanoTime()} value {@code nanos} from now, saturated. */
    public static long deadlineAfter(long nanos) {
        // capped at about 146 years, so "deadline - System.nanoTime()" never overflows
        return System.nanoTime() + Math.min(nanos, Long.MAX_VALUE >> 1);
    }
}
