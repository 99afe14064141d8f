package io.github.signalbox.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs the completions of asynchronous requests (futures to complete, with whatever callbacks
 * hang on them) after a primitive's internal lock is released, with a flat stack.
 *
 * <p>A callback that releases what it was granted grants the next request, whose callback
 * releases... Run naively, a queue of 100,000 asynchronous waiters would be 100,000 nested
 * calls. Here a call made from inside a completion on the same thread only adds to the work
 * of the outermost call, which runs everything in grant order. The per-thread state is one
 * small object, reused, so a completion allocates nothing here.
 */
public final class Completions {

    /** What a thread is completing now. */
    public static final class OnThread {
        private final ArrayDeque<Runnable> pending = new ArrayDeque<>();
        private boolean running;
        /** The hold (or other grant) whose completion runs on this thread now, or null. */
        public Object delivering;

        private OnThread() {
        }
    }

    private static final ThreadLocal<OnThread> STATE = ThreadLocal.withInitial(OnThread::new);

    /**
     * The completions granted inside one critical section of a primitive's mutex, run once the
     * mutex is released ({@link #unlockThenRun}). Guarded by that mutex.
     */
    public static final class AfterUnlock {
        private Runnable first;
        private List<Runnable> more;

        /**
         * Schedules {@code completion} for after the mutex is released.
         *
         * @param completion what to run then
         */
        public void add(Runnable completion) {
            if (first == null) {
                first = completion; // the usual case: one grant, no list
                return;
            }
            if (more == null) {
                more = new ArrayList<>();
                more.add(first);
            }
            more.add(completion);
        }

        /**
         * Releases {@code mutex}, then runs what was scheduled while it was held (unless an outer
         * critical section of this thread still holds it: that one's release runs them).
         *
         * @param mutex the primitive's mutex, held by this thread
         */
        public void unlockThenRun(ReentrantLock mutex) {
            Runnable one = first;
            if (one == null || mutex.getHoldCount() > 1) {
                mutex.unlock();
                return;
            }
            List<Runnable> all = more;
            first = null;
            more = null;
            mutex.unlock();
            if (all == null) {
                run(one);
            } else {
                runAll(all);
            }
        }
    }

    private Completions() {
    }

    /**
     * This thread's completion state (for a primitive that marks what it is delivering).
     *
     * @return this thread's state, created on first use
     */
    public static OnThread onThisThread() {
        return STATE.get();
    }

    /**
     * Runs {@code completions} in order, or leaves them to the outer call when one is running on
     * this thread. No lock of a primitive may be held.
     *
     * @param completions what to run
     */
    public static void runAll(List<? extends Runnable> completions) {
        OnThread t = STATE.get();
        if (t.running) {
            t.pending.addAll(completions);
            return;
        }
        t.running = true;
        try {
            for (Runnable r : completions) {
                r.run();
                drain(t); // what this completion's callbacks granted, before the next one
            }
        } finally {
            t.running = false;
        }
    }

    /**
     * Runs {@code completion} as {@link #runAll} would run a list of one.
     *
     * @param completion what to run
     */
    public static void run(Runnable completion) {
        OnThread t = STATE.get();
        if (t.running) {
            t.pending.add(completion);
            return;
        }
        t.running = true;
        try {
            completion.run();
            drain(t);
        } finally {
            t.running = false;
        }
    }

    /**
     * Runs now the completions an outer {@link #runAll} on this thread has yet to run: called
     * before a thread blocks, as it might be about to wait for one of those very grants.
     */
    public static void runPendingBeforeBlocking() {
        OnThread t = STATE.get();
        if (t.running) {
            drain(t);
        }
    }

    private static void drain(OnThread t) {
        Runnable next;
        while ((next = t.pending.poll()) != null) {
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
