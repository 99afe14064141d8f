package io.github.signalbox.locks;

import io.github.signalbox.Guard;
import io.github.signalbox.internal.Timeouts;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A held upgradable read lock of a {@link ReadersWritersLock}: a read hold that at most one thread
 * has at a time, and that its holder can turn into the write lock without letting any other
 * writer in between. Obtained from {@link ReadersWritersLock#upgradable()} and its timed and
 * interruptible variants.
 *
 * <pre>{@code
 * try (UpgradableGuard u = lock.upgradable()) {
 *     Value v = cache.get(key);               // readers still come and go
 *     if (v == null) {
 *         try (Guard w = u.upgrade()) {        // waits for the readers to leave
 *             cache.put(key, load(key));       // nothing changed since the get: no writer got in
 *         }                                    // back to the upgradable hold
 *     }
 * }                                            // released
 * }</pre>
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>The guard belongs to the thread that acquired it; the lock checks that every call comes
 *       from that thread ({@link IllegalMonitorStateException} otherwise).</li>
 *   <li>{@link #upgrade()} waits until the plain readers have left, then holds the write lock;
 *       the guard it returns goes back to the upgradable hold when closed. An upgrade that times
 *       out or is interrupted leaves the upgradable hold as it was.</li>
 *   <li>Upgrading while the thread also holds plain read holds of the lock would wait for itself:
 *       it throws {@link LockUpgradeException} and changes nothing. Upgrading an upgraded or a
 *       closed guard, or closing it while its upgrade's guard is open, throws
 *       {@link IllegalStateException} and changes nothing.</li>
 *   <li>The holder may also take plain read holds at once (they are never queued behind a
 *       writer that waits for its own hold).</li>
 * </ul>
 *
 * <h2>Memory consistency effects</h2>
 * Acquiring the upgradable read lock is a read acquisition: it happens-after the release of the
 * write lock that preceded it. The upgrade is a write acquisition: it happens-after every read
 * release before it. Going back from the write lock to the upgradable hold releases the write
 * lock.
 */
public final class UpgradableGuard implements Guard {

    private static final int HELD = 0;
    private static final int UPGRADED = 1;
    private static final int CLOSED = 2;

    private final RwEngine engine;
    private int state = HELD;

    UpgradableGuard(RwEngine engine) {
        this.engine = engine;
    }

    /**
     * Turns the upgradable hold into the write lock, waiting uninterruptibly for the plain readers
     * to leave (the interrupt status is kept).
     *
     * @return the guard of the write lock; closing it goes back to the upgradable hold
     * @throws IllegalStateException if this guard is closed or already upgraded
     * @throws LockUpgradeException if the thread also holds plain read holds of the lock
     */
    public Guard upgrade() {
        checkHeld();
        try {
            engine.upgrade(false, false, 0L);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
        return upgraded();
    }

    /**
     * Turns the upgradable hold into the write lock unless interrupted.
     *
     * @return the guard of the write lock; closing it goes back to the upgradable hold
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared and the upgradable
     *         hold stays
     * @throws IllegalStateException if this guard is closed or already upgraded
     * @throws LockUpgradeException if the thread also holds plain read holds of the lock
     */
    public Guard upgradeInterruptibly() throws InterruptedException {
        checkHeld();
        engine.upgrade(true, false, 0L);
        return upgraded();
    }

    /**
     * Turns the upgradable hold into the write lock, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; zero or negative means do not wait
     * @return the guard of the write lock; closing it goes back to the upgradable hold
     * @throws TimeoutException if the readers did not leave in time; the upgradable hold stays
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the upgradable hold stays
     * @throws IllegalStateException if this guard is closed or already upgraded
     * @throws LockUpgradeException if the thread also holds plain read holds of the lock
     * @throws NullPointerException if {@code timeout} is null
     */
    public Guard upgrade(Duration timeout) throws InterruptedException, TimeoutException {
        return upgrade(Timeouts.toNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Turns the upgradable hold into the write lock, waiting at most {@code time} {@code unit}s.
     *
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return the guard of the write lock; closing it goes back to the upgradable hold
     * @throws TimeoutException if the readers did not leave in time; the upgradable hold stays
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the upgradable hold stays
     * @throws IllegalStateException if this guard is closed or already upgraded
     * @throws LockUpgradeException if the thread also holds plain read holds of the lock
     * @throws NullPointerException if {@code unit} is null
     */
    public Guard upgrade(long time, TimeUnit unit) throws InterruptedException, TimeoutException {
        checkHeld();
        if (!engine.upgrade(true, true, Timeouts.toNanos(time, unit))) {
            throw new TimeoutException(engine.describe() + ": thread "
                    + Thread.currentThread().getName() + " could not upgrade within " + time + " "
                    + unit.toString().toLowerCase(java.util.Locale.ROOT)
                    + "; it still holds the upgradable read lock");
        }
        return upgraded();
    }

    /**
     * Upgrades if no plain reader holds the lock now, without waiting.
     *
     * @return the guard of the write lock, or empty (the upgradable hold stays)
     * @throws IllegalStateException if this guard is closed or already upgraded
     * @throws LockUpgradeException if the thread also holds plain read holds of the lock
     */
    public Optional<Guard> tryUpgrade() {
        checkHeld();
        try {
            return engine.upgrade(false, true, 0L) ? Optional.of(upgraded()) : Optional.empty();
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Returns whether this guard holds the write lock now (upgraded and not yet back).
     *
     * @return whether this guard holds the write lock now
     */
    public boolean isUpgraded() {
        return state == UPGRADED;
    }

    /**
     * Releases the upgradable read lock, the first time only; later calls do nothing.
     *
     * @throws IllegalStateException if the guard of its upgrade is still open (close that first)
     */
    @Override
    public void close() {
        if (state == UPGRADED) {
            throw new IllegalStateException(engine.describe() + ": the upgradable guard of thread "
                    + Thread.currentThread().getName() + " is upgraded; close the write guard"
                    + " its upgrade returned first; nothing changed");
        }
        if (state == HELD) {
            engine.releaseUpgradable();
            state = CLOSED;
        }
    }

    @Override
    public String toString() {
        return "UpgradableGuard[" + (state == HELD ? "held" : state == UPGRADED ? "upgraded"
                : "closed") + "] of " + engine.describe();
    }

    private void checkHeld() {
        if (state != HELD) {
            throw new IllegalStateException(engine.describe() + ": cannot upgrade an upgradable"
                    + " guard that is " + (state == CLOSED ? "closed" : "already upgraded")
                    + "; nothing changed");
        }
    }

    private Guard upgraded() {
        state = UPGRADED;
        return new Guard() {
            private boolean closed;

            @Override
            public void close() {
                if (!closed) {
                    engine.downgradeToUpgradable();
                    closed = true;
                    state = HELD;
                }
            }

            @Override
            public String toString() {
                return "upgraded write guard of " + engine.describe();
            }
        };
    }
}
