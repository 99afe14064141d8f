package io.github.signalbox.locks;

import io.github.signalbox.Guard;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * One asynchronous acquisition of a {@link ReadersWritersLock}: the future the caller got, the
 * handle it completes with, and where to complete it (the granting thread, or an executor).
 *
 * <p>A grant is final: if the future is already done when the grant arrives (cancelled, timed
 * out with {@code orTimeout}, completed by the caller), the hold just granted is released again
 * at once, so no hold is ever lost with a future nobody looks at.
 */
final class AsyncRequest {

    /** The asynchronous hold whose completion the current thread is running, if any. */
    private static final ThreadLocal<AsyncHold> DELIVERING = new ThreadLocal<>();
    /**
     * Grants waiting to be completed by an outer {@link #deliverAll} on this thread. A callback
     * that closes its guard grants the next request, whose callback closes its guard...: without
     * this queue a chain of 100,000 waiters would be a chain of 100,000 nested calls.
     */
    private static final ThreadLocal<ArrayDeque<AsyncRequest>> PENDING = new ThreadLocal<>();

    final CompletableFuture<Guard> future = new CompletableFuture<>();
    private final AsyncHold hold;
    /** Where to complete the future; null: on the thread that grants. */
    private final Executor executor;

    AsyncRequest(RwEngine engine, boolean write, Executor executor) {
        this.hold = new AsyncHold(engine, write);
        this.executor = executor;
    }

    /** Granted at the call: completed on the caller's thread, whatever executor was given. */
    void completeNow() {
        complete();
    }

    /**
     * Completes requests granted to queued requests, in grant order, no lock held. Called again
     * from inside one of their callbacks (on the same thread), it only adds to the outer call's
     * work, so the stack stays flat however long the chain of hand-offs.
     */
    static void deliverAll(List<AsyncRequest> granted) {
        ArrayDeque<AsyncRequest> pending = PENDING.get();
        if (pending != null) {
            pending.addAll(granted);
            return;
        }
        pending = new ArrayDeque<>(granted);
        PENDING.set(pending);
        try {
            AsyncRequest next;
            while ((next = pending.poll()) != null) {
                next.deliver();
            }
        } finally {
            PENDING.remove();
        }
    }

    /**
     * Completes now the grants an outer {@link #deliverAll} on this thread has yet to complete:
     * called before this thread blocks, since it might wait for one of those very holds.
     */
    static void deliverPendingBeforeBlocking() {
        ArrayDeque<AsyncRequest> pending = PENDING.get();
        if (pending != null) {
            AsyncRequest next;
            while ((next = pending.poll()) != null) {
                next.deliver();
            }
        }
    }

    /** Completes the future as the caller asked. */
    private void deliver() {
        if (executor == null) {
            complete();
            return;
        }
        try {
            executor.execute(this::complete);
        } catch (RuntimeException e) { // RejectedExecutionException, usually {
            hold.close();
            future.completeExceptionally(e);
        }
    }

    private void complete() {
        AsyncHold outer = DELIVERING.get();
        DELIVERING.set(hold);
        try {
            if (!future.complete(hold) && hold.engine.releasesUnclaimedGrants()) {
                hold.close(); // nobody will ever see this hold: give it back
            }
        } finally {
            if (outer == null) {
                DELIVERING.remove();
            } else {
                DELIVERING.set(outer);
            }
        }
    }

    /** The hold whose completion (callbacks included) runs on this thread now, or null. */
    static AsyncHold deliveringOnThisThread() {
        return DELIVERING.get();
    }
}
