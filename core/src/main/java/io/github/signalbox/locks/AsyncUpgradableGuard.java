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
 * upgradable hold, and throws while an upgrade is pending or held (an upgrade whose future was
 * cancelled or timed out no longer counts: the hold is released as soon as it is unwound).
 *
 * <p>Memory consistency effects: as for {@link UpgradableGuard}; the completion of the future
 * is the acquisition, closing a guard the release.
 */
public final class AsyncUpgradableGuard implements Guard {

    private static final int HELD = 0;
    private static final int UPGRADING = 1;
    /** Closed while a withdrawn upgrade is still being unwound: released when it ends. */
    private static final int CLOSING = 2;
    private static final int CLOSED = 3;

    private final RwEngine engine;
    private final AsyncHold hold;
    private final AtomicInteger state = new AtomicInteger(HELD);
    /** The last upgrade asked for. */
    private volatile CompletableFuture<Guard> upgrade;

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
                    + " asynchronous upgradable guard that is " + (state.get() == UPGRADING
                    ? "already upgrading or upgraded" : "closed") + "; nothing changed");
        }
        CompletableFuture<Guard> requested = engine.upgradeAsync(this, executor);
        upgrade = requested;
        return requested;
    }

    /**
     * The upgrade ended (its write guard closed, or its request withdrawn): the guard is held
     * again, or released now if it was closed meanwhile.
     */
    void upgradeEnded() {
        for (;;) {
            int s = state.get();
            if (s == UPGRADING && state.compareAndSet(UPGRADING, HELD)) {
                return;
            }
            if (s == CLOSING && state.compareAndSet(CLOSING, CLOSED)) {
                hold.close();
                return;
            }
            if (s != UPGRADING && s != CLOSING) {
                return;
            }
        }
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
        for (;;) {
            int s = state.get();
            if (s == HELD) {
                if (state.compareAndSet(HELD, CLOSED)) {
                    hold.close();
                    return;
                }
            } else if (s == UPGRADING) {
                CompletableFuture<Guard> pending = upgrade;
                if (pending == null || !pending.isCompletedExceptionally()) {
                    throw new IllegalStateException(engine.describe() + ": an asynchronous"
                            + " upgradable guard with an upgrade pending or held cannot be"
                            + " closed; close the write guard (or cancel the upgrade) first;"
                            + " nothing changed");
                }
                // the upgrade was cancelled or timed out and is being unwound: the release
                // happens when it ends (upgradeEnded), on whichever thread ends it
                if (state.compareAndSet(UPGRADING, CLOSING)) {
                    return;
                }
            } else {
                return; // closed, or closing
            }
        }
    }

    @Override
    public String toString() {
        int s = state.get();
        return "AsyncUpgradableGuard[" + (s == HELD ? "held" : s == UPGRADING ? "upgrading"
                : s == CLOSING ? "closing" : "closed") + "] of " + engine.describe();
    }
}
