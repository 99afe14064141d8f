package io.github.signalbox.internal;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The park loop shared by waiters that wait for a condition another thread makes true and then
 * unparks them: interrupt handling in both modes, deadlines, spurious wake-ups, and an optional
 * "I am about to park" announcement for waiters whose wakers skip the unpark of threads that never
 * parked.
 */
public final class Parking {

    /** Why {@link #parkUntil} returned. */
    public enum Result {
        /** The condition holds. */
        DONE,
        /** Interruptible mode only: the thread was interrupted (its status is now cleared). */
        INTERRUPTED,
        /** Timed mode only: the deadline passed before the condition held. */
        TIMED_OUT
    }

    private Parking() {
    }

    /**
     * Parks the current thread until {@code done} holds, it is interrupted (interruptible mode) or
     * the deadline passes (timed mode). In uninterruptible mode an interrupt is remembered and the
     * status set again before returning.
     *
     * @param done the condition, re-checked after every wake-up
     * @param interruptible whether an interrupt ends the wait
     * @param timed whether {@code deadline} applies
     * @param deadline a {@link System#nanoTime()} value
     * @param blocker the object shown as the parked thread's blocker
     * @param announce run before each park, after which {@code done} is checked once more (the
     *        waiter's half of a Dekker handshake with its waker); may be null
     * @return why the wait ended
     */
    public static Result parkUntil(BooleanSupplier done, boolean interruptible, boolean timed,
            long deadline, Object blocker, Runnable announce) {
        boolean interruptedMeanwhile = false;
        try {
            while (!done.getAsBoolean()) {
                if (Thread.interrupted()) {
                    if (interruptible) {
                        return Result.INTERRUPTED;
                    }
                    interruptedMeanwhile = true;
                }
                long remaining = timed ? deadline - System.nanoTime() : 0L;
                if (timed && remaining <= 0) {
                    return Result.TIMED_OUT;
                }
                if (announce != null) {
                    announce.run();
                    if (done.getAsBoolean()) {
                        break;
                    }
                }
                if (timed) {
                    LockSupport.parkNanos(blocker, remaining);
                } else {
                    LockSupport.park(blocker);
                }
            }
            return Result.DONE;
        } finally {
            if (interruptedMeanwhile) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
