package io.github.signalbox.events;

import io.github.signalbox.NamedBuilder;
import io.github.signalbox.ContentionStats;
import io.github.signalbox.internal.Completions;
import io.github.signalbox.internal.Names;
import io.github.signalbox.internal.Timeouts;
import io.github.signalbox.internal.WaitStats;
import java.time.Duration;
import java.util.Optional;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A resettable, level-triggered flag that threads can wait for, with the semantics of Python's
 * {@code threading.Event}: {@link #set()} raises the flag and releases every waiter,
 * {@link #clear()} lowers it, and an {@code await} returns at once while the flag is up.
 *
 * <h2>Waiting</h2>
 * Four flavours: {@link #awaitUninterruptibly()}, {@link #await()} (interruptible),
 * {@link #isSet()} (the no-wait check) and the timed {@link #await(Duration)} /
 * {@link #await(long, TimeUnit)}, which return whether the flag was seen set. Asynchronous code
 * uses {@link #awaitAsync()}, a {@link CompletableFuture} completed by the next {@code set()}
 * (completing it any other way, by cancelling it or with {@code orTimeout}, withdraws its
 * registration).
 *
 * <h2>Fairness</h2>
 * {@code set()} releases every thread waiting at that moment, all of them, even if another
 * thread calls {@code clear()} right after: a wake-up is never lost to a racing clear. A thread
 * that starts waiting after the clear waits for the next {@code set()}.
 *
 * <h2>Sample usage: graceful shutdown</h2>
 * <pre>{@code
 * Event stop = new Event();
 * Runnable worker = () -> {
 *     while (!stop.isSet()) {
 *         doSomeWork();
 *     }
 * };
 * // elsewhere:
 * stop.set();   // every worker sees it and leaves its loop
 * }</pre>
 *
 * <h2>Memory consistency effects</h2>
 * Actions of a thread before {@code set()} happen-before the return of every {@code await},
 * {@code isSet()} or completion of {@code awaitAsync()} that observed the flag set. See the
 * <a href="../package-summary.html#memory-visibility">memory-visibility rules</a>.
 *
 * <h2>Differences from Python</h2>
 * {@code await} instead of {@code wait} (which {@link Object} owns); the timed forms return
 * {@code false} on timeout like Python's {@code wait(timeout)}.
 */
public final class Event {

    /*
     * Implementation notes. The flag is the state of an AbstractQueuedSynchronizer used in shared
     * mode: a shared acquire succeeds while the state is 1; set() is a shared release that stores
     * 1 and wakes the whole queue (shared-mode propagation), so the queue handles parking,
     * interrupts, timeouts and cancellation. A woken waiter that finds the flag already cleared
     * again still returns: every set() that raises the flag bumps a generation counter kept in the
     * same state word, each waiter passes the generation it started in as the acquire argument,
     * and a waiter whose generation has passed returns too. So a racing clear() cannot strand a
     * waiter that set() was meant to release (Python's semantics).
     */

    /** The name given at construction, or null. */
    private final String name;
    private final Sync sync;
    /** The pending {@link #awaitAsync()} futures; each leaves as soon as it completes, however. */
    private final Set<CompletableFuture<Void>> futures = ConcurrentHashMap.newKeySet();

    /** Creates an event whose flag is down. */
    public Event() {
        this(null);
    }

    private Event(String name) {
        this.name = name;
        this.sync = new Sync(this, new WaitStats("Event", name, null, this));
    }

    /**
     * Returns a builder, for a named Event:
     * <pre>{@code
     * Event shutdown = Event.builder().name("shutdown-requested").build();
     * }</pre>
     *
     * @return a builder of an unnamed Event whose flag is down
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link Event}; the name is optional. */
    public static final class Builder extends NamedBuilder<Builder, Event> {

        private Builder() {
        }

        /**
         * Returns a new Event whose flag is down.
         *
         * @return a new Event whose flag is down
         */
        @Override
        public Event build() {
            return new Event(nameOrNull());
        }
    }

    /**
     * Returns the name given at construction.
     *
     * @return the name given by {@link Builder#name(String)}, or empty
     */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * Returns how often and how long threads waited for the flag (waits that found it up are not
     * counted).
     *
     * @return this event's contention record, live
     */
    public ContentionStats contention() {
        return sync.stats;
    }


    /**
     * Raises the flag and releases every waiting thread and pending {@link #awaitAsync()}
     * future. Setting a set event does nothing.
     */
    public void set() {
        sync.releaseShared(1);
        // the common case: no awaitAsync() future pending, so no iterator to create. An
        // awaitAsync() racing with us adds its future (a volatile count update) before it reads
        // the flag, and
        // we raised the flag before reading the count: one of us sees the other, as before
        if (futures.isEmpty()) {
            return;
        }
        for (CompletableFuture<Void> f : futures) {
            if (futures.remove(f)) {
                f.complete(null);
            }
        }
    }

    /** Lowers the flag; threads that wait from now on wait for the next {@link #set()}. */
    public void clear() {
        sync.clear();
    }

    /**
     * Returns whether the flag is up (the no-wait form of {@code await}).
     *
     * @return whether the flag is up (the no-wait form of {@code await})
     */
    public boolean isSet() {
        return sync.isSet();
    }

    /**
     * Waits until the flag is up.
     *
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     */
    public void await() throws InterruptedException {
        sync.await(sync.generation(), true);
    }

    /** Waits until the flag is up, ignoring interrupts (the interrupt status is kept). */
    public void awaitUninterruptibly() {
        try {
            sync.await(sync.generation(), false);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Waits at most {@code timeout} for the flag.
     *
     * @param timeout how long to wait; zero or negative means do not wait
     * @return whether the flag was seen up
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return sync.await(sync.generation(), Timeouts.toNanos(timeout));
    }

    /**
     * Waits at most {@code time} {@code unit}s for the flag.
     *
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return whether the flag was seen up
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code unit} is null
     */
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return sync.await(sync.generation(), Timeouts.toNanos(time, unit));
    }

    /**
     * A future completed by the next {@link #set()}, or already completed if the flag is up.
     * The registration lives exactly as long as the future is pending: completing it any other
     * way ({@code cancel}, {@code orTimeout}, {@code completeOnTimeout},
     * {@code completeExceptionally}, {@code complete}) withdraws it at once, so abandoned futures
     * do not accumulate. (Cancelling a <em>dependent</em> stage, such as the result of
     * {@code awaitAsync().thenRun(...)}, does not complete this future, as everywhere in
     * {@link CompletableFuture}; cancel the future {@code awaitAsync()} returned.)
     * Dependent actions registered without an executor run in the thread that calls
     * {@code set()}; use the {@code ...Async} forms for anything slow.
     *
     * @return the future
     */
    public CompletableFuture<Void> awaitAsync() {
        CompletableFuture<Void> f = new CompletableFuture<>();
        futures.add(f);
        f.whenComplete((v, e) -> futures.remove(f)); // runs at once if already completed
        if (isSet() && futures.remove(f)) {
            f.complete(null); // set() ran before our registration was visible to it
        }
        return f;
    }

    /**
     * As {@link #awaitAsync()}, but completed by a task submitted to {@code executor} when it
     * had to wait (a future for a flag already up completes before this method returns; a
     * rejection completes it exceptionally). Cancelling the returned future withdraws the
     * registration.
     *
     * @param executor where to complete the future when it had to wait
     * @return the future
     * @throws NullPointerException if {@code executor} is null
     */
    public CompletableFuture<Void> awaitAsync(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return Completions.relay(awaitAsync(), executor);
    }

    /**
     * Returns the number of threads waiting for the flag (a snapshot, for monitoring).
     *
     * @return the number of threads waiting for the flag (a snapshot, for monitoring)
     */
    public int getWaiterCount() {
        return sync.getQueueLength();
    }

    /**
     * Returns the number of pending {@link #awaitAsync()} futures (a snapshot).
     *
     * @return the number of pending {@link #awaitAsync()} futures (a snapshot)
     */
    public int getPendingFutureCount() {
        return futures.size();
    }

    /** Shows the flag and the waiters, e.g. {@code Event@1b6d3586[set=false, waiters=2]}. */
    @Override
    public String toString() {
        return Names.identity("Event", name, this) + "[set=" + isSet()
                + ", waiters=" + getWaiterCount() + "]";
    }

    /**
     * State: bit 0 = the flag; the rest = a generation counter bumped by every set() that raised
     * the flag. A waiter records the generation when it starts; it may return once the flag is up
     * or the generation has moved on (a set() happened while it waited, even if cleared since).
     */
    private static final class Sync extends EventSync {
        private static final long serialVersionUID = 1L;

        Sync(Object owner, WaitStats stats) {
            super(owner, stats, true);
        }

        boolean isSet() {
            return (getState() & 1) != 0;
        }

        int generation() {
            return getState() >>> 1;
        }

        void clear() {
            for (;;) {
                int s = getState();
                if ((s & 1) == 0 || compareAndSetState(s, s & ~1)) {
                    return;
                }
            }
        }

        @Override
        protected int tryAcquireShared(int startGeneration) {
            int s = getState();
            return (s & 1) != 0 || (s >>> 1) != startGeneration ? 1 : -1;
        }

        @Override
        protected boolean tryReleaseShared(int ignored) {
            for (;;) {
                int s = getState();
                if ((s & 1) != 0) {
                    return false; // already set: waiters were released by that set()
                }
                if (compareAndSetState(s, (s + 2) | 1)) {
                    return true;
                }
            }
        }
    }
}
