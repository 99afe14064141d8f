package io.github.signalbox.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A tiny non-reentrant mutex for internal critical sections that only update a few fields and
 * never block: acquired by one CAS, released by one release-store (no fence), and contended
 * by spinning, then yielding the processor so that a descheduled holder can finish. It must not
 * be held across anything that parks or waits.
 *
 * <p>Compared with {@link java.util.concurrent.locks.ReentrantLock} it saves the fence of a
 * volatile release and the waiter queue, which such short sections never need.
 */
public final class SpinMutex {

    /** Spins before the contended path starts yielding. */
    private static final int SPINS_BEFORE_YIELD = 64;

    private volatile int held;

    /** Acquires the mutex, spinning while another thread holds it. */
    public void lock() {
        if (!HELD.compareAndSet(this, 0, 1)) {
            lockContended();
        }
    }

    private void lockContended() {
        for (int i = 0;; i++) {
            if (held == 0 && HELD.compareAndSet(this, 0, 1)) {
                return;
            }
            if (i < SPINS_BEFORE_YIELD) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
    }

    /** Releases the mutex; only its holder may call this. */
    public void unlock() {
        HELD.setRelease(this, 0);
    }

    private static final VarHandle HELD;

    static {
        try {
            HELD = MethodHandles.lookup().findVarHandle(SpinMutex.class, "held", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
