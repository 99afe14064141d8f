package io.github.signalbox.zookeeper;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.zookeeper.WatchedEvent;

/**
 * One waiting thread's doorbell: a ZooKeeper watch (or a connection change) rings it, and the
 * thread, parked in {@link #await(long)}, wakes and looks at ZooKeeper's state again. A ring that
 * comes before the thread parks is not lost.
 */
final class Wakeup implements CuratorWatcher {

    private final Thread waiter = Thread.currentThread();
    private volatile boolean rung;

    @Override
    public void process(WatchedEvent event) {
        wake();
    }

    void wake() {
        rung = true;
        LockSupport.unpark(waiter);
    }

    /** Clears the bell before the state is read again (a ring after this wakes the next wait). */
    void reset() {
        rung = false;
    }

    /**
     * Parks until rung, interrupted (if {@code interruptible}), or {@code deadline} ({@link
     * System#nanoTime()}, or {@link Long#MAX_VALUE} for none) passes. An uninterruptible wait
     * that sees an interrupt keeps waiting and leaves the thread's interrupt status set.
     *
     * @return {@code false} if the deadline passed without a ring
     */
    boolean await(long deadline, boolean interruptible) throws InterruptedException {
        boolean interrupted = false;
        try {
            return awaitRing(deadline, interruptible);
        } catch (InterruptedException e) {
            if (interruptible) {
                throw e;
            }
            interrupted = true;
            return true; // look at the state again; the interrupt is kept below
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private boolean awaitRing(long deadline, boolean interruptible) throws InterruptedException {
        while (!rung) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (deadline == Long.MAX_VALUE) {
                LockSupport.park(this);
            } else {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                LockSupport.parkNanos(this, Math.min(left, TimeUnit.SECONDS.toNanos(1)));
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "signalbox ZooKeeper watch of " + waiter.getName();
    }
}
