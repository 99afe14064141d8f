package io.github.signalbox.events;

import io.github.signalbox.internal.ContendedWait;
import io.github.signalbox.internal.WaitOutcome;
import io.github.signalbox.internal.WaitStats;
import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The synchronizer both events park their waiters on, which describes the event it belongs to:
 * a parked thread's blocker ({@code LockSupport.getBlocker}, what thread dumps and debuggers
 * show) then reads like the event's own {@code toString()}, flag and waiters included. Its
 * {@code await} methods try once without queueing and count only the waits that queue, in the
 * event's contention record.
 */
abstract class EventSync extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    /** The event; never serialized (no event is Serializable). */
    private final transient Object owner;
    /** The event's contention record; never serialized. */
    final transient WaitStats stats;
    /** Whether waiters acquire in shared mode (everyone released by one set) or exclusive. */
    private final boolean shared;

    EventSync(Object owner, WaitStats stats, boolean shared) {
        this.owner = owner;
        this.stats = stats;
        this.shared = shared;
    }

    /** Acquires with {@code arg}, queueing (and counting the wait) only if it must. */
    final void await(int arg, boolean interruptible) throws InterruptedException {
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (tryOnce(arg)) {
            return;
        }
        ContendedWait wait = stats.begin("set", getQueueLength());
        WaitOutcome how = WaitOutcome.INTERRUPTED;
        try {
            if (shared && interruptible) {
                acquireSharedInterruptibly(arg);
            } else if (shared) {
                acquireShared(arg);
            } else if (interruptible) {
                acquireInterruptibly(arg);
            } else {
                acquire(arg);
            }
            how = WaitOutcome.GRANTED;
        } finally {
            wait.end(how);
        }
    }

    /** Acquires with {@code arg} within {@code nanos}, counting the wait only if it queues. */
    final boolean await(int arg, long nanos) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (tryOnce(arg)) {
            return true;
        }
        if (nanos <= 0) {
            return false;
        }
        ContendedWait wait = stats.begin("set", getQueueLength());
        WaitOutcome how = WaitOutcome.INTERRUPTED;
        try {
            boolean acquired = shared ? tryAcquireSharedNanos(arg, nanos)
                    : tryAcquireNanos(arg, nanos);
            how = acquired ? WaitOutcome.GRANTED : WaitOutcome.TIMED_OUT;
            return acquired;
        } finally {
            wait.end(how);
        }
    }

    private boolean tryOnce(int arg) {
        return shared ? tryAcquireShared(arg) >= 0 : tryAcquire(arg); // as AQS's acquire does first
    }

    @Override
    public String toString() {
        return String.valueOf(owner);
    }
}
