package io.github.signalbox.locks;

import io.github.signalbox.Guard;
import io.github.signalbox.internal.Completions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiConsumer;

/**
 * One asynchronous acquisition of a {@link ReadersWritersLock}: the future the caller got, the
 * handle it completes with, and where to complete it (the granting thread, or an executor).
 *
 * <p>A grant is final: if the future is already done when the grant arrives (cancelled, timed
 * out with {@code orTimeout}, completed by the caller), the hold just granted is released again
 * at once, so no hold is ever lost with a future nobody looks at.
 *
 * <p>The request is itself the future handed to the caller (one object fewer per request); its
 * dependent stages are plain {@link CompletableFuture}s.
 */
@SuppressWarnings("serial") // a CompletableFuture is not Serializable
final class AsyncRequest<G extends Guard> extends CompletableFuture<G>
        implements Runnable, BiConsumer<G, Throwable> {

    /** What the future completes with: the hold itself, or the guard around it. */
    private final G handle;
    private final AsyncHold hold;
    /** The queued waiter of this request, while it waits; null if granted at once. */
    private Waiter node;
    /** Where to complete the future; null: on the thread that grants. */
    private final Executor executor;

    AsyncRequest(G handle, AsyncHold hold, Executor executor) {
        this.handle = handle;
        this.hold = hold;
        this.executor = executor;
    }

    /** A request completed with the hold itself (read, write, upgraded write). */
    static AsyncRequest<Guard> of(AsyncHold hold, Executor executor) {
        return new AsyncRequest<>(hold, hold, executor);
    }

    /** Plain futures for dependent stages: only the request itself is tied to the lock. */
    @Override
    public <U> CompletableFuture<U> newIncompleteFuture() {
        return new CompletableFuture<>();
    }

    /** Queued: from now on, completing this future by any other means withdraws the request. */
    void queuedAs(Waiter waiter) {
        this.node = waiter;
        whenComplete(this);
    }

    /** This future completed, however: a request that was not granted leaves the queue. */
    @Override
    public void accept(G granted, Throwable failure) {
        if (hold.engine.abandon(node)) {
            withdrawn();
        }
    }

    /** Called once the request left the queue without a grant; the guard may need to know. */
    void withdrawn() {
        if (hold.kind == AsyncHold.Kind.UPGRADED) {
            hold.upgradeWithdrawn();
        }
    }

    /** Granted at the call: completed on the caller's thread, whatever executor was given. */
    void completeNow() {
        complete();
    }

    /** Completes the future as the caller asked (run by {@link Completions}, no lock held). */
    @Override
    public void run() {
        if (executor == null) {
            complete();
            return;
        }
        try {
            executor.execute(this::complete);
        } catch (RuntimeException e) { // RejectedExecutionException, usually
            hold.close();
            completeExceptionally(e);
        }
    }

    private void complete() {
        Completions.OnThread here = Completions.onThisThread();
        Object outer = here.delivering;
        here.delivering = hold;
        try {
            if (!complete(handle) && hold.engine.releasesUnclaimedGrants()) {
                hold.close(); // nobody will ever see this hold: give it back
            }
        } finally {
            here.delivering = outer;
        }
    }

    /** The hold whose completion (callbacks included) runs on this thread now, or null. */
    static AsyncHold deliveringOnThisThread() {
        Object delivering = Completions.onThisThread().delivering;
        return delivering instanceof AsyncHold ? (AsyncHold) delivering : null;
    }
}
