package io.github.signalbox.ordering;

import java.util.List;
import java.util.Objects;

/**
 * One edge of a lock-order report: somewhere, a thread acquired {@code acquired} while holding
 * {@code held}. Lock names carry the side for readers-writers locks ({@code "cache (read)"}).
 *
 * @param held the lock that was held
 * @param acquired the lock that was requested while {@code held} was held
 * @param thread the name of the thread that first did so
 * @param stackTrace where it first did so (the requesting call, innermost frame first)
 */
public record AcquiredBefore(String held, String acquired, String thread,
        List<StackTraceElement> stackTrace) {

    /**
     * Checks the components and copies the stack trace.
     *
     * @param held the lock that was held
     * @param acquired the lock requested while {@code held} was held
     * @param thread the name of the thread that first did so
     * @param stackTrace where it did so, innermost frame first
     */
    public AcquiredBefore {
        Objects.requireNonNull(held, "held");
        Objects.requireNonNull(acquired, "acquired");
        Objects.requireNonNull(thread, "thread");
        stackTrace = List.copyOf(stackTrace);
    }

    @Override
    public String toString() {
        return "'" + held + "' -> '" + acquired + "' (first in thread \"" + thread + "\")";
    }
}
