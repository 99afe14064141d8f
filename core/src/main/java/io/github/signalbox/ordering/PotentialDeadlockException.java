package io.github.signalbox.ordering;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * Reports an acquisition that breaks a {@link LockOrdering}: it would close a cycle in the
 * acquired-before graph (two or more threads taking the same locks in different orders can
 * deadlock), or it takes a ranked lock out of rank order. Thrown by
 * {@link OrderingPolicies#THROW} before the thread blocks, while it holds nothing new; logged by
 * {@link OrderingPolicies#WARN}.
 *
 * <p>{@link #edges()} lists the orderings involved. For a cycle, the first edge is the one being
 * attempted now (its stack trace is this exception's) and the rest lead from the requested lock
 * back to the held one, each with the thread and stack trace where that ordering was first seen;
 * those stack traces are also attached as {@linkplain #getSuppressed() suppressed} throwables, so
 * a printed stack trace shows them all. For a rank violation, {@code edges()} holds the one
 * attempted edge.
 */
public class PotentialDeadlockException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /** What was violated. */
    public enum Kind {
        /** The acquisition closes a cycle of acquired-before orderings. */
        CYCLE,
        /** A ranked lock was requested while a lock of higher or equal rank is held. */
        RANK
    }

    /** Whether a cycle or a rank order was broken. */
    private final Kind kind;
    private final transient List<AcquiredBefore> edges;
    /** Whether this is the first report of this violation by its ordering. */
    private final boolean firstReport;

    PotentialDeadlockException(Kind kind, String message, String held, String requested,
            List<AcquiredBefore> earlier, boolean firstReport) {
        super(message);
        this.kind = kind;
        this.firstReport = firstReport;
        List<AcquiredBefore> all = new ArrayList<>(earlier.size() + 1);
        all.add(new AcquiredBefore(held, requested, Thread.currentThread().getName(),
                callerFrames(getStackTrace())));
        all.addAll(earlier);
        this.edges = List.copyOf(all);
        for (AcquiredBefore edge : earlier) {
            addSuppressed(new FirstSeen(edge));
        }
    }

    private static final Set<String> INTERNAL = Set.of("LockGraph", "LockOrdering",
            "OrderedLock", "OrderedReadWriteLock", "OrderEdge", "LockSet", "LockSet$SetGuard",
            "PotentialDeadlockException");

    /** The frames from the first one outside this package's machinery: the requesting call. */
    static List<StackTraceElement> callerFrames(StackTraceElement[] frames) {
        int first = 0;
        while (first < frames.length && isInternal(frames[first])) {
            first++;
        }
        return Arrays.asList(frames).subList(first == frames.length ? 0 : first, frames.length);
    }

    private static boolean isInternal(StackTraceElement frame) {
        String cls = frame.getClassName();
        String pkg = "io.github.signalbox.ordering.";
        return cls.startsWith(pkg) && INTERNAL.contains(cls.substring(pkg.length()));
    }

    /**
     * Whether the ordering was broken by a cycle or by ranks.
     *
     * @return the kind of violation
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The orderings involved: the attempted one first, then (for a cycle) the recorded ones that
     * lead back to the held lock.
     *
     * @return the orderings, attempted one first
     */
    public List<AcquiredBefore> edges() {
        return edges == null ? List.of() : edges;
    }

    /**
     * Whether this is the first report of this violation (this held lock, this requested lock,
     * these sides) by its {@link LockOrdering}; repetitions report {@code false}.
     *
     * @return whether this is the first report
     */
    public boolean isFirstReport() {
        return firstReport;
    }

    /** Carries the stack trace where an earlier ordering of the cycle was first seen. */
    private static final class FirstSeen extends Throwable {
        private static final long serialVersionUID = 1L;

        FirstSeen(AcquiredBefore edge) {
            super(edge.toString(), null, false, true);
            setStackTrace(edge.stackTrace().toArray(new StackTraceElement[0]));
        }
    }
}
