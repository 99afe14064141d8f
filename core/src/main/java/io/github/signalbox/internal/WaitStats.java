package io.github.signalbox.internal;

import io.github.signalbox.ContentionStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The contention record of one primitive: what {@link ContentionStats} reports, plus what a JFR
 * event names (kind, name, policy). Written only by threads that wait, each wait once when it
 * starts and once when it ends ({@link #begin}); a thread that never waits never touches it.
 */
public final class WaitStats implements ContentionStats {

    private final String kind;
    private final String name;
    private final String policy;

    @SuppressWarnings("unused") private volatile long waits;
    @SuppressWarnings("unused") private volatile long totalWaitNanos;
    private volatile long maxWaitNanos;
    @SuppressWarnings("unused") private volatile long timeouts;
    @SuppressWarnings("unused") private volatile long interrupts;
    @SuppressWarnings("unused") private volatile int waitingNow;

    /**
     * @param kind the primitive's class name, e.g. {@code ReadersWritersLock}
     * @param name the name given at construction, or null
     * @param policy the policy or fairness, or null when the kind has none
     * @param primitive the primitive, whose identity hash stands in for a missing name
     */
    public WaitStats(String kind, String name, String policy, Object primitive) {
        this.kind = kind;
        this.name = name != null ? name
                : "@" + Integer.toHexString(System.identityHashCode(primitive));
        this.policy = policy;
    }

    /**
     * Starts timing a wait that is about to block.
     *
     * @param mode what the thread waits for ({@code read}, {@code write}, {@code 3 permits},
     *        {@code round 7}, {@code set})
     * @param queueLength the threads that were already waiting when it arrived (-1: unknown)
     */
    public ContendedWait begin(String mode, int queueLength) {
        WAITING.getAndAdd(this, 1);
        return new ContendedWait(this, mode, queueLength, Jfr.beginWait());
    }

    void ended(ContendedWait wait, long nanos, WaitOutcome outcome) {
        WAITING.getAndAdd(this, -1);
        WAITS.getAndAdd(this, 1L);
        TOTAL.getAndAdd(this, nanos);
        long max;
        while (nanos > (max = maxWaitNanos) && !MAX.compareAndSet(this, max, nanos)) {
            Thread.onSpinWait();
        }
        if (outcome == WaitOutcome.TIMED_OUT) {
            TIMEOUTS.getAndAdd(this, 1L);
        } else if (outcome == WaitOutcome.INTERRUPTED) {
            INTERRUPTS.getAndAdd(this, 1L);
        }
        Jfr.endWait(wait.jfrEvent, kind, name, policy, wait.mode, wait.queueLength, outcome);
    }

    public String kind() {
        return kind;
    }

    /** The name given at construction, or {@code @} and the identity hash. */
    public String name() {
        return name;
    }

    @Override
    public long waits() {
        return waits;
    }

    @Override
    public long totalWaitNanos() {
        return totalWaitNanos;
    }

    @Override
    public long maxWaitNanos() {
        return maxWaitNanos;
    }

    @Override
    public long timeouts() {
        return timeouts;
    }

    @Override
    public long interrupts() {
        return interrupts;
    }

    @Override
    public int waitingNow() {
        return waitingNow;
    }

    @Override
    public String toString() {
        return "ContentionStats[" + kind + " " + name + ", waits=" + waits + ", totalWaitNanos=" + totalWaitNanos + ", maxWaitNanos="
                + maxWaitNanos + ", timeouts=" + timeouts + ", interrupts=" + interrupts
                + ", waitingNow=" + waitingNow + "]";
    }

    private static final VarHandle WAITS;
    private static final VarHandle TOTAL;
    private static final VarHandle MAX;
    private static final VarHandle TIMEOUTS;
    private static final VarHandle INTERRUPTS;
    private static final VarHandle WAITING;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            WAITS = l.findVarHandle(WaitStats.class, "waits", long.class);
            TOTAL = l.findVarHandle(WaitStats.class, "totalWaitNanos", long.class);
            MAX = l.findVarHandle(WaitStats.class, "maxWaitNanos", long.class);
            TIMEOUTS = l.findVarHandle(WaitStats.class, "timeouts", long.class);
            INTERRUPTS = l.findVarHandle(WaitStats.class, "interrupts", long.class);
            WAITING = l.findVarHandle(WaitStats.class, "waitingNow", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
