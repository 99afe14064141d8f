package io.github.signalbox.semaphores;

import io.github.signalbox.Guard;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Permits taken from a {@link BoundedSemaphore}, returned by {@link #close()} exactly once:
 *
 * <pre>{@code
 * try (Permit p = connections.acquirePermitUninterruptibly()) {
 *     useConnection();
 * }
 * }</pre>
 *
 * <p>Closing a permit a second time does nothing, also when two threads close it at once. Unlike a
 * lock guard, a permit is not owned by a thread: any thread may close it (hand the permit to the
 * thread that finishes the work). A permit delivered by {@link BoundedSemaphore#acquireAsync()}
 * is the same kind of handle.
 */
public final class Permit implements Guard {

    private final BoundedSemaphore semaphore;
    private final int count;
    /** The acquiring thread, when the semaphore tracks its holders; else null. */
    private final Thread holder;
    @SuppressWarnings("unused") // accessed through RELEASED
    private volatile int released;

    Permit(BoundedSemaphore semaphore, int count) {
        this(semaphore, count, semaphore.holders() == null ? null : Thread.currentThread());
    }

    private Permit(BoundedSemaphore semaphore, int count, Thread holder) {
        this.semaphore = semaphore;
        this.count = count;
        this.holder = holder;
        if (holder != null) {
            semaphore.holders().acquired(holder, count);
        }
    }

    /**
     * A handle granted to an asynchronous request: it belongs to no thread, so holder tracking
     * does not count it (the deadlock detector assumes its permits come back).
     */
    static Permit ofAsyncRequest(BoundedSemaphore semaphore, int count) {
        return new Permit(semaphore, count, null);
    }

    /**
     * Returns the permits to the semaphore the first time it is called; later calls do nothing.
     *
     * @throws OverReleaseException if the permits were already returned behind this handle's back
     *         (by a plain {@code release}) so that returning them again would exceed the bound;
     *         the handle then stays open
     */
    @Override
    public void close() {
        if (RELEASED.compareAndSet(this, 0, 1)) {
            try {
                if (holder == null) {
                    semaphore.release(count);
                } else {
                    semaphore.holders().release(semaphore, holder, count);
                }
            } catch (RuntimeException refused) {
                released = 0;
                throw refused;
            }
        }
    }

    /**
     * Returns how many permits this handle holds (or held).
     *
     * @return how many permits this handle holds (or held)
     */
    public int permits() {
        return count;
    }

    /**
     * Returns whether {@link #close()} has returned the permits.
     *
     * @return whether {@link #close()} has returned the permits
     */
    public boolean isReleased() {
        return released != 0;
    }

    /**
     * Returns a description of the state, e.g. {@code Permit[permits=2, released=false]}.
     *
     * @return e.g. {@code Permit[permits=2, released=false]}
     */
    @Override
    public String toString() {
        return "Permit[permits=" + count + ", released=" + isReleased() + "]";
    }

    private static final VarHandle RELEASED;

    static {
        try {
            RELEASED = MethodHandles.lookup().findVarHandle(Permit.class, "released", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
