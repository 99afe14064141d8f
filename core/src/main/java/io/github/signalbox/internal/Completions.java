package io.github.signalbox.internal;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * Runs the completions of asynchronous requests (futures to complete, with whatever callbacks
 * hang on them) after a primitive's internal lock is released, with a flat stack.
 *
 * <p>A callback that releases what it was granted grants the next request, whose callback
 * releases... Run naively, a queue of 100,000 asynchronous waiters would be 100,000 nested
 * calls. Here a call made from inside a completion on the same thread only adds to the work
 * of the outermost call, which runs everything in grant order.
 */
public final class Completions {

    /** Completions the outermost {@link #runAll} on this thread has yet to run. */
    private static final ThreadLocal<ArrayDeque<Runnable>> PENDING = new ThreadLocal<>();

    private Completions() {
    }

    /**
     * Runs {@code completions} in order, or leaves them to the outer call when one is running on
     * this thread. No lock of a primitive may be held.
     *
     * @param completions what to run
     */
    public static void runAll(List<? extends Runnable> completions) {
        ArrayDeque<Runnable> pending = PENDING.get();
        if (pending != null) {
            pending.addAll(completions);
            return;
        }
        pending = new ArrayDeque<>(completions);
        PENDING.set(pending);
        try {
            drain(pending);
        } finally {
            PENDING.remove();
        }
    }

    /**
     * Runs now the completions an outer {@link #runAll} on this thread has yet to run: called
     * before a thread blocks, as it might be about to wait for one of those very grants.
     */
    public static void runPendingBeforeBlocking() {
        ArrayDeque<Runnable> pending = PENDING.get();
        if (pending != null) {
            drain(pending);
        }
    }

    private static void drain(ArrayDeque<Runnable> pending) {
        Runnable next;
        while ((next = pending.poll()) != null) {
            next.run();
        }
    }

    /**
     * A future completed with {@code source}'s outcome by a task submitted to {@code executor},
     * or {@code source} itself if it is already done; completing the returned future first
     * (cancel, {@code orTimeout}) cancels {@code source}, withdrawing its registration. Only for
     * futures that carry no resource (an event, a count reaching zero): a grant delivered this
     * way could be lost with a cancelled relay.
     *
     * @param <T> the result type
     * @param source the registered future
     * @param executor where to complete the relay
     * @return the future to hand to the caller
     */
    public static <T> CompletableFuture<T> relay(CompletableFuture<T> source,
            Executor executor) {
        if (source.isDone()) {
            return source;
        }
        CompletableFuture<T> relay = new CompletableFuture<>();
        source.whenComplete((value, failure) -> {
            try {
                executor.execute(() -> {
                    if (failure != null) {
                        relay.completeExceptionally(failure);
                    } else {
                        relay.complete(value);
                    }
                });
            } catch (RuntimeException rejected) {
                relay.completeExceptionally(rejected);
            }
        });
        relay.whenComplete((value, failure) -> source.cancel(false));
        return relay;
    }
}
