package io.github.signalbox.semaphores;

import io.github.signalbox.internal.WaitSnapshot;
import io.github.signalbox.internal.WaitTarget;
import java.util.concurrent.locks.AbstractQueuedLongSynchronizer;

/**
 * The engine of a {@link BoundedSemaphore}: an {@link AbstractQueuedLongSynchronizer} in shared
 * mode whose state packs the bound and the available permits into one word, so that one
 * compare-and-set both takes or returns permits and checks the bound.
 */
class PermitSync extends AbstractQueuedLongSynchronizer implements WaitTarget {

    /*
     * State layout (one long):
     *
     *   bits 63..32  bound      (int, >= 1)
     *   bits 31..0   available  (signed int; negative after the bound was lowered below the
     *                            permits in use, until enough of them come back)
     *
     * permits in use = bound - available. Acquiring n subtracts n from "available" only when
     * available >= n; returning n adds n only when available + n <= bound: the bound check is a
     * compare on the word the CAS already read, which is why it costs nothing measurable.
     * Changing the bound moves "available" by the same delta in the same CAS, so held permits are
     * never revoked and a raise admits waiters at once.
     *
     * FIFO fairness is AQS's hasQueuedPredecessors() test before every attempt; AQS's shared-mode
     * propagation lets one release wake as many queued waiters as the permits cover, and a waiter
     * that times out or is interrupted is unlinked by AQS, which wakes its successor.
     * releaseShared(0) is the "bound was raised, look again" signal.
     */

    private static final long serialVersionUID = 1L;
    private static final long AVAILABLE_MASK = 0xFFFF_FFFFL;

    final boolean fifo;
    private final transient Object owner;

    PermitSync(Object owner, int bound, boolean fifo) {
        this(owner, bound, bound, fifo);
    }

    PermitSync(Object owner, int bound, int available, boolean fifo) {
        this.owner = owner;
        this.fifo = fifo;
        setState(pack(bound, available));
    }

    /** What a thread parked here waits for: the semaphore, its bound and its queue. */
    @Override
    public String toString() {
        return String.valueOf(owner);
    }

    /** For the deadlock detector: only semaphores that track their holders can answer. */
    @Override
    public WaitSnapshot waitOf(Thread waiter) {
        return owner instanceof BoundedSemaphore
                ? ((BoundedSemaphore) owner).waitOf(waiter) : null;
    }

    static long pack(int bound, int available) {
        return ((long) bound << 32) | (available & AVAILABLE_MASK);
    }

    static int bound(long state) {
        return (int) (state >>> 32);
    }

    static int available(long state) {
        return (int) state;
    }

    final long snapshot() {
        return getState();
    }

    @Override
    protected final long tryAcquireShared(long permits) {
        if (fifo && hasQueuedPredecessors()) {
            return -1;
        }
        return take((int) permits);
    }

    /** Takes {@code permits} if available; returns the permits left (negative: none taken). */
    long take(int permits) {
        for (;;) {
            long state = getState();
            int left = available(state) - permits;
            if (left < 0 || compareAndSetState(state, state - permits)) {
                return left;
            }
        }
    }

    @Override
    protected final boolean tryReleaseShared(long permits) {
        if (permits != 0) {
            give((int) permits);
        }
        return true;
    }

    /** Returns {@code permits}, or throws without any change if that would exceed the bound. */
    void give(int permits) {
        for (;;) {
            long state = getState();
            int bound = bound(state);
            long next = (long) available(state) + permits;
            if (next > bound) {
                throw overRelease(permits, available(state), bound);
            }
            if (compareAndSetState(state, pack(bound, (int) next))) {
                return;
            }
        }
    }

    /** Sets a new bound, moving the available permits by the same amount; wakes waiters if raised. */
    final void resize(int newBound) {
        for (;;) {
            long state = getState();
            int bound = bound(state);
            int available = (int) ((long) available(state) + newBound - bound);
            if (compareAndSetState(state, pack(newBound, available))) {
                if (newBound > bound && available > 0) {
                    releaseShared(0);
                }
                return;
            }
        }
    }

    /** Takes all available permits and returns how many that was. */
    final int drain() {
        for (;;) {
            long state = getState();
            int available = available(state);
            if (available <= 0 || compareAndSetState(state, pack(bound(state), 0))) {
                return Math.max(available, 0);
            }
        }
    }

    final OverReleaseException overRelease(int permits, int available, int bound) {
        return new OverReleaseException(BoundedSemaphore.identityOf(owner) + ": release(" + permits
                + ") by thread " + Thread.currentThread().getName() + " would raise the available"
                + " permits from " + available + " to " + ((long) available + permits)
                + ", above the bound " + bound + "; nothing was released", permits, available,
                bound);
    }
}
