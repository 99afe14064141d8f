package io.github.signalbox.counters;

import io.github.signalbox.NamedBuilder;
import io.github.signalbox.ContentionStats;
import io.github.signalbox.internal.Completions;
import io.github.signalbox.internal.Names;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Waits for a group of tasks to finish, like Go's {@code sync.WaitGroup}: {@link #add(int)} the
 * number of tasks before starting them, each calls {@link #done()} when finished, and
 * {@link #await()} waits until the count is back to zero. Unlike a
 * {@link java.util.concurrent.CountDownLatch}, the number of tasks need not be known up front and
 * the group can be reused once it reaches zero.
 *
 * <p>A {@code done()} (or negative {@code add}) that would take the count below zero throws
 * {@link CounterOverflowException} and changes nothing: it means a task was counted out twice.
 *
 * <h2>Sample usage</h2>
 * <pre>{@code
 * WaitGroup tasks = new WaitGroup();
 * for (Job job : jobs) {
 *     tasks.add(1);
 *     executor.execute(() -> {
 *         try { job.run(); } finally { tasks.done(); }
 *     });
 * }
 * tasks.await();
 * }</pre>
 *
 * <h2>Memory consistency effects</h2>
 * Actions of a task before its {@code done()} happen-before the return of an {@code await} (or
 * the completion of an {@link #awaitAsync()} future) that saw the count reach zero. See the
 * <a href="../package-summary.html#memory-visibility">memory-visibility rules</a>.
 */
public final class WaitGroup {

    private final BoundedCounter count;
    /** The name given at construction, or null. */
    private final String name;

    /** An empty group. */
    public WaitGroup() {
        this(null);
    }

    private WaitGroup(String name) {
        this.name = name;
        BoundedCounter.Builder counter = BoundedCounter.builder(0L, Integer.MAX_VALUE);
        this.count = (name == null ? counter : counter.name(name)).build();
    }

    /**
     * Returns a builder, for a named group:
     * <pre>{@code
     * WaitGroup uploads = WaitGroup.builder().name("uploads").build();
     * }</pre>
     *
     * @return a builder of an unnamed, empty group
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link WaitGroup}; the name is optional. */
    public static final class Builder extends NamedBuilder<Builder, WaitGroup> {

        private Builder() {
        }

        /**
         * Returns a new, empty group.
         *
         * @return a new, empty group
         */
        @Override
        public WaitGroup build() {
            return new WaitGroup(nameOrNull());
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
     * Returns how often and how long threads waited for the count to reach zero (waits that
     * found it there are not counted).
     *
     * @return this group's contention record, live
     */
    public ContentionStats contention() {
        return count.contention();
    }

    /**
     * Adds {@code delta} tasks (a negative delta counts tasks out, like {@code done()}).
     *
     * @param delta the number of tasks to add
     * @throws CounterOverflowException if the count would go below zero or above
     *         {@link Integer#MAX_VALUE}; nothing changes
     */
    public void add(int delta) {
        try {
            count.add(delta);
        } catch (CounterOverflowException e) {
            throw new CounterOverflowException(Names.identity("WaitGroup", name, this) + ": adding " + delta + " to " + e.value()
                    + " would " + (delta < 0 ? "go below zero (a task was counted out twice)"
                    : "exceed " + Integer.MAX_VALUE) + "; nothing changed (thread "
                    + Thread.currentThread().getName() + ")", e.value(), delta);
        }
    }

    /**
     * One task finished.
     *
     * @throws CounterOverflowException if the count is already zero; nothing changes
     */
    public void done() {
        add(-1);
    }

    /**
     * Returns the number of tasks not yet done.
     *
     * @return the number of tasks not yet done
     */
    public int count() {
        return (int) count.get();
    }

    /**
     * Waits until the count is zero.
     *
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     */
    public void await() throws InterruptedException {
        count.awaitAtMost(0L);
    }

    /** Waits until the count is zero, ignoring interrupts (the status is kept). */
    public void awaitUninterruptibly() {
        count.awaitAtMostUninterruptibly(0L);
    }

    /**
     * Returns whether the count is zero now; never waits.
     *
     * @return whether the count is zero now; never waits
     */
    public boolean tryAwait() {
        return count.tryAwaitAtMost(0L);
    }

    /**
     * Waits at most {@code timeout} until the count is zero.
     *
     * @param timeout how long to wait; zero or negative means do not wait
     * @return whether the count reached zero in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return count.awaitAtMost(0L, timeout);
    }

    /**
     * Waits at most {@code time} {@code unit}s until the count is zero.
     *
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return whether the count reached zero in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code unit} is null
     */
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return count.awaitAtMost(0L, time, unit);
    }

    /**
     * Asks, without blocking, to be told when the count is zero: the returned future completes
     * (with {@code null}) on the thread whose {@code done()} brought the count to zero, or at
     * once if it is zero now. Cancelling it, or completing it any other way
     * ({@code orTimeout}, {@code complete}), withdraws the registration.
     *
     * <pre>{@code
     * group.awaitAsync().thenRun(() -> log.info("all uploads finished"));
     * }</pre>
     *
     * @return a future completed when the count is zero
     */
    public CompletableFuture<Void> awaitAsync() {
        CompletableFuture<Long> zero = count.awaitAtMostAsync(0L);
        if (zero.isDone()) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        zero.whenComplete((v, failure) -> done.complete(null));
        done.whenComplete((v, failure) -> zero.cancel(false)); // withdraws if still waiting
        return done;
    }

    /**
     * As {@link #awaitAsync()}, but completed by a task submitted to {@code executor} when it
     * had to wait (a rejection completes it exceptionally).
     *
     * @param executor where to complete the future when it had to wait
     * @return a future completed when the count is zero
     * @throws NullPointerException if {@code executor} is null
     */
    public CompletableFuture<Void> awaitAsync(Executor executor) {
        Objects.requireNonNull(executor, "executor");
        return Completions.relay(awaitAsync(), executor);
    }

    /**
     * Returns the number of threads and asynchronous requests waiting for zero (a snapshot).
     *
     * @return the number of threads and asynchronous requests waiting for zero (a snapshot)
     */
    public int getWaiterCount() {
        return count.getWaiterCount();
    }

    /**
     * Returns a description of the state, e.g. {@code WaitGroup@1b6d3586[count=3, waiters=1]}.
     *
     * @return e.g. {@code WaitGroup@1b6d3586[count=3, waiters=1]}
     */
    @Override
    public String toString() {
        return Names.identity("WaitGroup", name, this) + "[count="
                + count() + ", waiters=" + getWaiterCount() + "]";
    }
}
