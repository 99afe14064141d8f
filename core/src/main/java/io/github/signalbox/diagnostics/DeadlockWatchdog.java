package io.github.signalbox.diagnostics;

import java.time.Duration;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A daemon thread that calls {@link Deadlocks#find()} periodically and reports each new deadlock
 * once (a deadlock is the same while the same threads stay in it). Started by
 * {@link Deadlocks#watch(Duration)}; {@link #close()} stops it and waits for it to end.
 *
 * <p>Memory consistency effects: the callback runs on the watchdog thread; actions in the thread
 * that started the watchdog happen-before its first look.
 */
public final class DeadlockWatchdog implements AutoCloseable {

    private final Thread thread;
    private final long periodNanos;
    private final Consumer<DeadlockReport> onDeadlock;
    private volatile boolean closed;
    private volatile long looks;

    DeadlockWatchdog(Duration period, Consumer<DeadlockReport> onDeadlock) {
        Objects.requireNonNull(period, "period");
        this.onDeadlock = Objects.requireNonNull(onDeadlock, "onDeadlock");
        if (period.isZero() || period.isNegative()) {
            throw new IllegalArgumentException("DeadlockWatchdog: the period must be positive, was "
                    + period);
        }
        this.periodNanos = saturatedNanos(period);
        this.thread = new Thread(this::run, "signalbox-deadlock-watchdog");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        Set<Set<Thread>> reported = new HashSet<>();
        while (!closed) {
            Set<Set<Thread>> now = new HashSet<>();
            for (DeadlockReport report : Deadlocks.find()) {
                Set<Set<Thread>> one = Deadlocks.threadSets(java.util.List.of(report));
                now.addAll(one);
                if (!reported.containsAll(one)) {
                    try {
                        onDeadlock.accept(report);
                    } catch (RuntimeException callbackFailed) {
                        Holder.LOG.warn("deadlock callback failed", callbackFailed);
                    }
                }
            }
            reported = now; // forget deadlocks that are gone (their threads were interrupted)
            looks++;
            if (!closed) {
                java.util.concurrent.locks.LockSupport.parkNanos(this, periodNanos);
            }
        }
    }

    /**
     * Returns how many times the watchdog has looked so far.
     *
     * @return how many times the watchdog has looked so far
     */
    public long looks() {
        return looks;
    }

    /** Stops the watchdog and waits for its thread to end; a second call does nothing. */
    @Override
    public void close() {
        closed = true;
        java.util.concurrent.locks.LockSupport.unpark(thread);
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "DeadlockWatchdog[period=" + Duration.ofNanos(periodNanos) + ", looks=" + looks
                + (closed ? ", closed" : "") + "]";
    }

    static void log(DeadlockReport report) {
        Holder.LOG.error("{}", report);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** Creates the logger on first use, so a watchdog that never reports never touches SLF4J. */
    private static final class Holder {
        static final Logger LOG = LoggerFactory.getLogger(Deadlocks.class);
    }
}
