package io.github.signalbox.counters;

import io.github.signalbox.ContentionStats;
import io.github.signalbox.internal.ContendedWait;
import io.github.signalbox.internal.Parking;
import io.github.signalbox.internal.Timeouts;
import io.github.signalbox.internal.WaitOutcome;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.LongPredicate;

/**
 * A {@code long} value that threads can wait on: the reading and waiting operations shared by
 * {@link AtomicCounter} and {@link BoundedCounter} (this class cannot be extended outside its
 * package). A counter is a {@link Number}, as {@code AtomicLong} is, so metrics libraries can take
 * it as a gauge; the {@code Number} conversions read the current value.
 *
 * <p>Implementation note: every update goes through {@code publish}, which costs one volatile
 * read when nobody waits (see {@code ValueWaiters}).
 *
 * <h2>Memory consistency effects</h2>
 * Actions in a thread before an update happen-before actions after any read of the value it
 * wrote, including the return of an {@code await} released by it.
 */
public abstract class WaitableCounter extends CounterLayout.PadAfter {

    private static final long serialVersionUID = 1L;

    /** An unnamed counter, for variants (the mutants of the stress tests). */
    WaitableCounter(long initial) {
        this(initial, "WaitableCounter", null);
    }

    WaitableCounter(long initial, String kind, String name) {
        super(kind, name);
        this.value = initial;
    }

    /**
     * Returns the name given at construction.
     *
     * @return the name given by the builder, or empty
     */
    public final Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * Returns how often and how long threads waited for a value (waits whose condition already
     * held are not counted).
     *
     * @return this counter's contention record, live
     */
    public final ContentionStats contention() {
        return stats;
    }

    /**
     * Reads the current value (a volatile read).
     *
     * @return the current value
     */
    public final long get() {
        return value;
    }

    /**
     * The current value, as {@link #get()}.
     *
     * @return the current value
     */
    @Override
    public final long longValue() {
        return get();
    }

    /**
     * The current value narrowed to an {@code int} (a primitive narrowing conversion, as
     * {@code AtomicLong.intValue()}).
     *
     * @return the current value as an int
     */
    @Override
    public final int intValue() {
        return (int) get();
    }

    /**
     * The current value as a {@code float} (a widening conversion).
     *
     * @return the current value as a float
     */
    @Override
    public final float floatValue() {
        return get();
    }

    /**
     * The current value as a {@code double} (a widening conversion).
     *
     * @return the current value as a double
     */
    @Override
    public final double doubleValue() {
        return get();
    }

    /**
     * Returns the number of threads and asynchronous requests waiting for a value (a snapshot).
     *
     * @return the number of threads and asynchronous requests waiting for a value (a snapshot)
     */
    public final int getWaiterCount() {
        return waiterCount;
    }

    /**
     * Wakes the waiters {@code newValue} satisfies; returns it. Called after every update.
     *
     * <p>The result is computed from the waiter count ({@code newValue + w}, where {@code w} is
     * zero on that path) before the branch on it: the returned value then depends on the load as
     * data. With a plain {@code if (waiterCount != 0)} after the atomic add, a 2-thread increment
     * measured about 20 ns on an AMD EPYC host against {@code AtomicLong}'s 10 to 14 ns (the
     * branch on a second volatile load right after a contended locked add); computed as data it
     * measured the same as {@code AtomicLong}.
     */
    final long publish(long newValue) {
        int w = waiterCount;
        long result = newValue + w;
        if (w != 0) {
            waiters.release(newValue);
            return newValue;
        }
        return result;
    }

    final boolean cas(long expected, long next) {
        return VALUE.compareAndSet(this, expected, next);
    }

    // ------------------------------------------------------------------ await a condition

    /**
     * Waits until the value satisfies {@code condition}.
     *
     * @param condition tested against the current value and then against every value an update
     *        produces, possibly in the updating thread: keep it fast and free of side effects
     * @return the first value seen to satisfy it (an update may have changed it again since)
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code condition} is null
     */
    public final long awaitValue(LongPredicate condition) throws InterruptedException {
        return await(condition, true, -1L).getAsLong();
    }

    /**
     * Waits until the value satisfies {@code condition}, ignoring interrupts (the status is kept).
     *
     * @param condition see {@link #awaitValue(LongPredicate)}
     * @return the first value seen to satisfy it
     * @throws NullPointerException if {@code condition} is null
     */
    public final long awaitValueUninterruptibly(LongPredicate condition) {
        try {
            return await(condition, false, -1L).getAsLong();
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Returns the current value if it satisfies {@code condition}, without waiting.
     *
     * @param condition tested once, against the current value
     * @return the current value if it satisfies {@code condition}, else empty; never waits
     * @throws NullPointerException if {@code condition} is null
     */
    public final OptionalLong tryAwaitValue(LongPredicate condition) {
        long v = value;
        return Objects.requireNonNull(condition, "condition").test(v) ? OptionalLong.of(v)
                : OptionalLong.empty();
    }

    /**
     * Waits at most {@code timeout} until the value satisfies {@code condition}.
     *
     * @param condition see {@link #awaitValue(LongPredicate)}
     * @param timeout how long to wait; zero or negative means do not wait
     * @return the first value seen to satisfy it, or empty if the time ran out
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code condition} or {@code timeout} is null
     */
    public final OptionalLong awaitValue(LongPredicate condition, Duration timeout)
            throws InterruptedException {
        return await(condition, true, Math.max(0L, Timeouts.toNanos(timeout)));
    }

    /**
     * Waits at most {@code time} {@code unit}s until the value satisfies {@code condition}.
     *
     * @param condition see {@link #awaitValue(LongPredicate)}
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return the first value seen to satisfy it, or empty if the time ran out
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code condition} or {@code unit} is null
     */
    public final OptionalLong awaitValue(LongPredicate condition, long time, TimeUnit unit)
            throws InterruptedException {
        return await(condition, true, Math.max(0L, Timeouts.toNanos(time, unit)));
    }

    // ------------------------------------------------------------------ thresholds

    /**
     * Waits until the value is at least {@code threshold}.
     *
     * @param threshold the lowest value that ends the wait
     * @return the first value seen at or above it
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     */
    public final long awaitAtLeast(long threshold) throws InterruptedException {
        return awaitValue(v -> v >= threshold);
    }

    /**
     * Waits, ignoring interrupts, until the value is at least {@code threshold}.
     *
     * @param threshold the lowest value that ends the wait
     * @return the first value seen at or above it
     */
    public final long awaitAtLeastUninterruptibly(long threshold) {
        return awaitValueUninterruptibly(v -> v >= threshold);
    }

    /**
     * Tells, without waiting, whether the value is at least {@code threshold}.
     *
     * @param threshold the lowest value that ends the wait
     * @return whether the value is at least {@code threshold} now; never waits
     */
    public final boolean tryAwaitAtLeast(long threshold) {
        return value >= threshold;
    }

    /**
     * Waits at most {@code timeout} until the value is at least {@code threshold}.
     *
     * @param threshold the lowest value that ends the wait
     * @param timeout how long to wait; zero or negative means do not wait
     * @return whether the value reached the threshold in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code timeout} is null
     */
    public final boolean awaitAtLeast(long threshold, Duration timeout)
            throws InterruptedException {
        return awaitValue(v -> v >= threshold, timeout).isPresent();
    }

    /**
     * Waits at most {@code time} {@code unit}s until the value is at least {@code threshold}.
     *
     * @param threshold the lowest value that ends the wait
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return whether the value reached the threshold in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code unit} is null
     */
    public final boolean awaitAtLeast(long threshold, long time, TimeUnit unit)
            throws InterruptedException {
        return awaitValue(v -> v >= threshold, time, unit).isPresent();
    }

    /**
     * Waits until the value is at most {@code threshold}.
     *
     * @param threshold the highest value that ends the wait
     * @return the first value seen at or below it
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     */
    public final long awaitAtMost(long threshold) throws InterruptedException {
        return awaitValue(v -> v <= threshold);
    }

    /**
     * Waits, ignoring interrupts, until the value is at most {@code threshold}.
     *
     * @param threshold the highest value that ends the wait
     * @return the first value seen at or below it
     */
    public final long awaitAtMostUninterruptibly(long threshold) {
        return awaitValueUninterruptibly(v -> v <= threshold);
    }

    /**
     * Tells, without waiting, whether the value is at most {@code threshold}.
     *
     * @param threshold the highest value that ends the wait
     * @return whether the value is at most {@code threshold} now; never waits
     */
    public final boolean tryAwaitAtMost(long threshold) {
        return value <= threshold;
    }

    /**
     * Waits at most {@code timeout} until the value is at most {@code threshold}.
     *
     * @param threshold the highest value that ends the wait
     * @param timeout how long to wait; zero or negative means do not wait
     * @return whether the value came down to the threshold in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code timeout} is null
     */
    public final boolean awaitAtMost(long threshold, Duration timeout)
            throws InterruptedException {
        return awaitValue(v -> v <= threshold, timeout).isPresent();
    }

    /**
     * Waits at most {@code time} {@code unit}s until the value is at most {@code threshold}.
     *
     * @param threshold the highest value that ends the wait
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return whether the value came down to the threshold in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code unit} is null
     */
    public final boolean awaitAtMost(long threshold, long time, TimeUnit unit)
            throws InterruptedException {
        return awaitValue(v -> v <= threshold, time, unit).isPresent();
    }

    // ------------------------------------------------------------------ asynchronous waits

    /**
     * Asks, without blocking, to be told when the value satisfies {@code condition}: the returned
     * future completes with the first value seen to satisfy it, on the thread whose update
     * produced it (or at once, on this thread, if the current value does). If the condition
     * throws, the future completes exceptionally with what it threw. Cancelling the future, or
     * completing it any other way ({@code orTimeout}, {@code complete}), withdraws the
     * registration at once.
     *
     * <pre>{@code
     * processed.awaitAtLeastAsync(batchSize).thenRun(this::flush);
     * }</pre>
     *
     * @param condition see {@link #awaitValue(LongPredicate)}
     * @return a future completed with the first value seen to satisfy {@code condition}
     * @throws NullPointerException if {@code condition} is null
     */
    public final CompletableFuture<Long> awaitValueAsync(LongPredicate condition) {
        return awaitAsync(condition, null);
    }

    /**
     * As {@link #awaitValueAsync(LongPredicate)}, but a request that had to wait is completed by
     * a task submitted to {@code executor} (a rejection completes it exceptionally).
     *
     * @param condition see {@link #awaitValue(LongPredicate)}
     * @param executor where to complete the future when the request had to wait
     * @return a future completed with the first value seen to satisfy {@code condition}
     * @throws NullPointerException if {@code condition} or {@code executor} is null
     */
    public final CompletableFuture<Long> awaitValueAsync(LongPredicate condition,
            Executor executor) {
        return awaitAsync(condition, Objects.requireNonNull(executor, "executor"));
    }

    /**
     * Asks, without blocking, to be told when the value is at least {@code threshold}; see
     * {@link #awaitValueAsync(LongPredicate)}.
     *
     * @param threshold the lowest value that completes the future
     * @return a future completed with the first value seen at or above it
     */
    public final CompletableFuture<Long> awaitAtLeastAsync(long threshold) {
        return awaitAsync(v -> v >= threshold, null);
    }

    /**
     * Asks, without blocking, to be told when the value is at most {@code threshold}; see
     * {@link #awaitValueAsync(LongPredicate)}.
     *
     * @param threshold the highest value that completes the future
     * @return a future completed with the first value seen at or below it
     */
    public final CompletableFuture<Long> awaitAtMostAsync(long threshold) {
        return awaitAsync(v -> v <= threshold, null);
    }

    private CompletableFuture<Long> awaitAsync(LongPredicate condition, Executor executor) {
        Objects.requireNonNull(condition, "condition");
        try {
            long v = value;
            if (condition.test(v)) {
                return CompletableFuture.completedFuture(v);
            }
        } catch (Throwable failure) { // an Error too, as an updater would hand it over
            return CompletableFuture.failedFuture(failure);
        }
        ValueWaiters.Node node = waiters.enqueueAsync(condition, executor);
        try {
            long v = value; // re-read after registering: see ValueWaiters
            if (condition.test(v) && waiters.completeSelf(node, v)) {
                node.future.complete(v);
                return node.future;
            }
        } catch (Throwable failure) {
            if (waiters.cancel(node)) {
                node.future.completeExceptionally(failure);
                return node.future;
            }
            // an updater completed it first; its outcome is the answer
        }
        node.future.whenComplete((v, failure) -> waiters.cancel(node));
        return node.future;
    }

    // ------------------------------------------------------------------ the wait

    /** @param nanos the time limit, or negative for none */
    private OptionalLong await(LongPredicate condition, boolean interruptible, long nanos)
            throws InterruptedException {
        Objects.requireNonNull(condition, "condition");
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        long v = value;
        if (condition.test(v)) {
            return OptionalLong.of(v);
        }
        boolean timed = nanos >= 0;
        if (timed && nanos == 0) {
            return OptionalLong.empty();
        }
        long deadline = timed ? Timeouts.deadlineAfter(nanos) : 0L;
        ValueWaiters.Node node = waiters.enqueue(condition);
        try {
            v = value; // re-read after registering: see ValueWaiters
            if (condition.test(v) && waiters.completeSelf(node, v)) {
                return OptionalLong.of(v);
            }
        } catch (Throwable failure) { // whatever the condition threw: leave, then rethrow it
            if (waiters.cancel(node)) {
                throw failure;
            }
            // an updater completed us first; its outcome (value or failure) is the answer
        }
        ContendedWait wait = stats.begin("value", -1);
        switch (Parking.parkUntil(() -> node.done, interruptible, timed, deadline, this, null)) {
            case INTERRUPTED:
                if (waiters.cancel(node)) {
                    wait.end(WaitOutcome.INTERRUPTED);
                    throw new InterruptedException();
                }
                Thread.currentThread().interrupt(); // completed first: keep result and status
                break;
            case TIMED_OUT:
                if (waiters.cancel(node)) {
                    wait.end(WaitOutcome.TIMED_OUT);
                    return OptionalLong.empty();
                }
                break; // completed first
            default:
                break;
        }
        wait.end(WaitOutcome.GRANTED);
        if (node.failure != null) {
            throw rethrow(node.failure);
        }
        return OptionalLong.of(node.value);
    }

    /** Rethrows what a condition threw, unwrapped (it is unchecked, or sneaked past javac). */
    private static RuntimeException rethrow(Throwable failure) {
        return WaitableCounter.<RuntimeException>sneaky(failure);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneaky(Throwable failure) throws T {
        throw (T) failure;
    }

    static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(CounterLayout.Value.class, "value",
                    long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
