package io.github.signalbox.locks;

import io.github.signalbox.Guard;
import io.github.signalbox.internal.Completions;
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
final class AsyncRequest implements Runnable {

    /** The asynchronous hold whose completion the current thread is running, if any. */
    private static final ThreadLocal<AsyncHold> DELIVERING = new ThreadLocal<>();

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
