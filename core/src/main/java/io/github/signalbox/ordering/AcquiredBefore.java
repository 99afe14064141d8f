package io.github.signalbox.ordering;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
     * @param acquired the lock requested while {@code held} was held
     * @param held the lock that was held
     * @param stackTrace where it did so, innermost frame first
     * @param thread the name of the thread that first did so
     */
    public AcquiredBefore {
        Objects.requireNonNull(held, "held");
        Objects.requireNonNull(acquired, "acquired");
        Objects.requireNonNull(thread, "thread");
        stackTrace = List.copyOf(stackTrace);
    }

    private static final Set<String> INTERNAL = Set.of("LockGraph",
            "LockOrdering", "OrderedLock", "OrderEdge", "LockSet", "LockSet$SetGuard",
            "UnlockGuard", "PotentialDeadlockException", "AcquiredBefore");

    /** The frames from the first one outside this package's machinery: the requesting call. */
    static List<StackTraceElement> callerFrames(StackTraceElement[] frames) {
        int first = 0;
        while (first < frames.length && isInternal(frames[first])) {
            first++;
        }
        return Arrays.asList(frames).subList(first == frames.length ? 0 : first,
                frames.length);
    }

    private static boolean isInternal(StackTraceElement frame) {
        String cls = frame.getClassName();
        String pkg = "io.github.signalbox.ordering.";
        return cls.startsWith(pkg) && INTERNAL.contains(cls.substring(pkg.length()));
    }

    @Override
    public String toString() {
        return "'" + held + "' -> '" + acquired + "' (first in thread \"" + thread + "\")";
    }
}
