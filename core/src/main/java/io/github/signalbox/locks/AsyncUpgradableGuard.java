package io.github.signalbox.locks;

import io.github.signalbox.Guard;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The upgradable read lock of a {@link ReadersWritersLock}, acquired with
 * {@link ReadersWritersLock#upgradableAsync()}: held by this handle, not by a thread, and
 * upgraded without blocking by {@link #upgradeAsync()}.
 *
 * <pre>{@code
 * lock.upgradableAsync().thenCompose(u -> {
 *     if (cache.containsKey(key)) {            // readers keep coming and going meanwhile
 *         u.close();
 *         return CompletableFuture.completedFuture(null);
 *     }
 *     return u.upgradeAsync().thenAccept(w -> {
 *         try (w) {
 *             cache.put(key, load(key));         // no writer got in since the check
 *         } finally {
 *             u.close();
 *         }
 *     });
 * });
 * }</pre>
 *
 * <p>Any thread may use it. {@link #upgradeAsync()} asks for the write lock; its future completes,
 * with no other writer in between, once the plain readers have left, with a write guard whose
 * {@code close()} goes back to this upgradable hold. At most one upgrade at a time: ask again
 * once its write guard is closed (or its future was cancelled). {@link #close()} releases the
 * upgradable hold, and throws while an upgrade is pending or held.
 *
 * <p>Memory consistency effects: as for {@link UpgradableGuard}; the completion of the future
 * is the acquisition, closing a guard the release.
 */
public final class AsyncUpgradableGuard implements Guard {

    private static final int HELD = 0;
    private static final int UPGRADING = 1;
    private static final int CLOSED = 2;

    private final RwEngine engine;
    private final AsyncHold hold;
    private final AtomicInteger state = new AtomicInteger(HELD);

    AsyncUpgradableGuard(RwEngine engine) {
        this.engine = engine;
        this.hold = new AsyncHold(engine, AsyncHold.Kind.UPGRADABLE);
    }

    AsyncHold hold() {
        return hold;
    }

    /**
     * Asks for the write lock without blocking: the future completes, on the thread that lets
     * the last plain reader out (or at once if none is in), with a write guard owned by the
     * guard, not a thread; no other writer gets in between. Cancelling the future (or completing
     * it any other way) withdraws the upgrade and leaves the upgradable hold in place.
     *
     * @return a future completed with the guard of the write hold
     * @throws IllegalStateException if this guard is closed, or an upgrade is already pending or
     *         held; nothing changes
     */
    public CompletableFuture<Guard> upgradeAsync() {
        return upgrade(null);
    }

    /**
     * As {@link #upgradeAsync()}, completing an upgrade that had to wait on {@code executor}.
     *
     * @param executor where to complete the future when the upgrade had to wait
     * @return a future completed with the guard of the write hold
     * @throws IllegalStateException if this guard is closed, or an upgrade is already pending or
     *         held; nothing changes
     */
    public CompletableFuture<Guard> upgradeAsync(Executor executor) {
        return upgrade(Objects.requireNonNull(executor, "executor"));
    }

    private CompletableFuture<Guard> upgrade(Executor executor) {
        if (!state.compareAndSet(HELD, UPGRADING)) {
            throw new IllegalStateException(engine.describe() + ": cannot upgrade an"
                    + " asynchronous upgradable guard that is " + (state.get() == CLOSED
                    ? "closed" : "already upgrading or upgraded") + "; nothing changed");
        }
        return engine.upgradeAsync(this, executor);
    }

    /** The upgrade ended (its write guard closed, or its request withdrawn). */
    void upgradeEnded() {
        state.compareAndSet(UPGRADING, HELD);
    }

    /**
     * Returns whether an upgrade is pending or held.
     *
     * @return whether an upgrade is pending or held
     */
    public boolean isUpgraded() {
        return state.get() == UPGRADING;
    }

    /**
     * Releases the upgradable read lock, the first time only; later calls do nothing.
     *
     * @throws IllegalStateException if an upgrade is pending or held (close its write guard, or
     *         cancel its future, first); nothing changes
     */
    @Override
    public void close() {
        if (state.compareAndSet(HELD, CLOSED)) {
            hold.close();
        } else if (state.get() == UPGRADING) {
            throw new IllegalStateException(engine.describe() + ": an asynchronous upgradable"
                    + " guard with an upgrade pending or held cannot be closed; close the write"
                    + " guard (or cancel the upgrade) first; nothing changed");
        }
    }

    @Override
    public String toString() {
        int s = state.get();
        return "AsyncUpgradableGuard[" + (s == HELD ? "held" : s == UPGRADING ? "upgrading"
                : "closed") + "] of " + engine.describe();
    }
}
