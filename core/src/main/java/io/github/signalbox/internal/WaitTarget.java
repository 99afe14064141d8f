package io.github.signalbox.internal;

/**
 * A synchronizer that can tell the deadlock detector what a thread parked on it waits for.
 * Implemented by the objects threads park on (their {@link java.util.concurrent.locks.LockSupport
 * blocker}), so the detector finds them from the threads without any registry.
 */
public interface WaitTarget {

    /**
     * What {@code waiter} waits for here, or null if it is not waiting here now (already granted,
     * about to leave) or the wait cannot be judged (nobody's holds are known).
     */
    WaitSnapshot waitOf(Thread waiter);
}
