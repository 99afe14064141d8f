package io.github.signalbox.counters;

import io.github.signalbox.NamedBuilder;
import io.github.signalbox.internal.Names;

import java.util.Objects;
import java.util.function.LongBinaryOperator;
import java.util.function.LongUnaryOperator;

/**
 * A linearizable {@code long} counter that threads can also wait on: besides the operations of
 * {@link java.util.concurrent.atomic.AtomicLong}, a thread can block until the value reaches a
 * threshold ({@link #awaitAtLeast(long)}, {@link #awaitAtMost(long)}) or satisfies any condition
 * ({@link #awaitValue(java.util.function.LongPredicate)}), in the four flavours of this library
 * (interruptible, uninterruptible, try, timed), or ask without blocking
 * ({@link #awaitAtLeastAsync(long)}, {@link #awaitValueAsync(java.util.function.LongPredicate)}:
 * a future completed by the update that satisfies it). No JDK class offers that; the usual
 * workaround, a counter plus a lock and a condition, makes every update pay for the lock.
 *
 * <h2>Updates cost nothing extra while nobody waits</h2>
 * An update is the atomic instruction of {@code AtomicLong} plus one volatile read of the number
 * of waiters. Only when threads wait does an update test their conditions and wake those it
 * satisfies. A waiter is released by the first update whose value satisfies its condition, even
 * if later updates change the value again before the waiter runs: no wakeup is lost, also for
 * conditions that hold only briefly. Conditions are tested in updating threads as well as in the
 * waiter, so they must be fast and free of side effects; one that throws rethrows in its waiter.
 *
 * <h2>Memory orders, as pairs</h2>
 * <ul>
 *   <li>{@link #get()} / {@link #set(long)} and every read-modify-write: volatile (sequentially
 *       consistent); {@code set} and the read-modify-writes wake waiters.</li>
 *   <li>{@link #getAcquire()} / {@link #setRelease(long)}: a {@code setRelease} happens-before a
 *       {@code getAcquire} that reads its value, and is cheaper on weakly ordered processors. A
 *       release store cannot be ordered before the waiter check, so {@code setRelease} does
 *       <em>not</em> wake threads blocked in an {@code await}: use it only for counters nobody
 *       waits on (single-writer statistics, sequence numbers polled by readers).</li>
 * </ul>
 *
 * <h2>Sample usage: wait until a batch is done</h2>
 * <pre>{@code
 * AtomicCounter processed = new AtomicCounter();
 * // workers:
 * processed.increment();
 * // coordinator:
 * if (!processed.awaitAtLeast(batchSize, Duration.ofSeconds(30))) {
 *     log.warn("only {} of {} processed", processed.get(), batchSize);
 * }
 * }</pre>
 *
 * <h2>Memory consistency effects</h2>
 * Actions in a thread before an update happen-before actions after any read of the value it
 * wrote, including the return of an {@code await} released by it and the completion of an
 * {@code await...Async} future completed by it. See the
 * <a href="../package-summary.html#memory-visibility">memory-visibility rules</a>.
 *
 * <h2>Limits</h2>
 * Arithmetic wraps around on overflow, as {@code AtomicLong}'s does; use {@link BoundedCounter}
 * for checked arithmetic within a range.
 */
public final class AtomicCounter extends WaitableCounter {

    private static final long serialVersionUID = 1L;

    /** A counter starting at zero. */
    public AtomicCounter() {
        super(0L, "AtomicCounter", null);
    }

    /**
     * A counter starting at {@code initial}.
     *
     * @param initial the initial value
     */
    public AtomicCounter(long initial) {
        super(initial, "AtomicCounter", null);
    }

    private AtomicCounter(long initial, String name) {
        super(initial, "AtomicCounter", name);
    }

    /**
     * Returns a builder, for a named counter:
     * <pre>{@code
     * AtomicCounter processed = AtomicCounter.builder().name("processed").build();
     * }</pre>
     *
     * @return a builder of an unnamed counter starting at zero
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link AtomicCounter}; every setting is optional. */
    public static final class Builder extends NamedBuilder<Builder, AtomicCounter> {
        private long initial;

        private Builder() {
        }

        /**
         * Sets the initial value (default 0).
         *
         * @param initial the initial value
         * @return this builder
         */
        public Builder initial(long initial) {
            this.initial = initial;
            return this;
        }

        /**
         * Returns a new counter with these settings.
         *
         * @return a new counter with these settings
         */
        @Override
        public AtomicCounter build() {
            return new AtomicCounter(initial, nameOrNull());
        }
    }

    /**
     * Adds one; {@code AtomicLong.incrementAndGet()}.
     *
     * @return the new value, one more than before
     */
    public long increment() {
        return add(1L);
    }

    /**
     * Subtracts one; {@code AtomicLong.decrementAndGet()}.
     *
     * @return the new value, one less than before
     */
    public long decrement() {
        return add(-1L);
    }

    /**
     * Adds one and returns the value before, as {@code AtomicLong.getAndIncrement()}.
     *
     * @return the value before the increment
     */
    public long getAndIncrement() {
        return getAndAdd(1L);
    }

    /**
     * Subtracts one and returns the value before, as {@code AtomicLong.getAndDecrement()}.
     *
     * @return the value before the decrement
     */
    public long getAndDecrement() {
        return getAndAdd(-1L);
    }

    /**
     * Adds {@code delta}; {@code AtomicLong.addAndGet(delta)}.
     *
     * @param delta the amount to add (may be negative)
     * @return the new value
     */
    public long add(long delta) {
        return publish((long) VALUE.getAndAdd(this, delta) + delta);
    }

    /**
     * Adds {@code delta} and returns the value before, as {@code AtomicLong.getAndAdd}.
     *
     * @param delta the amount to add (may be negative)
     * @return the value before the addition
     */
    public long getAndAdd(long delta) {
        long previous = (long) VALUE.getAndAdd(this, delta);
        publish(previous + delta);
        return previous;
    }

    /**
     * Sets the value (volatile) and wakes the waiters it satisfies.
     *
     * @param newValue the new value
     */
    public void set(long newValue) {
        value = newValue;
        publish(newValue);
    }

    /**
     * Sets the value and returns the previous one, waking the waiters the new value satisfies.
     *
     * @param newValue the new value
     * @return the previous value
     */
    public long getAndSet(long newValue) {
        long previous = (long) VALUE.getAndSet(this, newValue);
        publish(newValue);
        return previous;
    }

    /**
     * Sets the value to {@code newValue} if it is {@code expected}.
     *
     * @param expected the value expected now
     * @param newValue the value to set
     * @return whether the value was {@code expected} and is now {@code newValue}
     */
    public boolean compareAndSet(long expected, long newValue) {
        if (cas(expected, newValue)) {
            publish(newValue);
            return true;
        }
        return false;
    }

    /**
     * Atomically replaces the value with {@code update} applied to it. The function may be called
     * more than once under contention, so it must be free of side effects.
     *
     * @param update the function
     * @return the new value
     * @throws NullPointerException if {@code update} is null
     */
    public long updateAndGet(LongUnaryOperator update) {
        return update(update, true);
    }

    /**
     * Atomically replaces the value with {@code update} applied to it and returns the value
     * before, as {@code AtomicLong.getAndUpdate}. The function may be called more than once under
     * contention, so it must be free of side effects.
     *
     * @param update the function
     * @return the value before the update
     * @throws NullPointerException if {@code update} is null
     */
    public long getAndUpdate(LongUnaryOperator update) {
        return update(update, false);
    }

    /** The CAS loop of the update methods; returns the new value or the one before. */
    private long update(LongUnaryOperator update, boolean returnNew) {
        Objects.requireNonNull(update, "update");
        for (;;) {
            long current = value;
            long next = update.applyAsLong(current);
            if (cas(current, next)) {
                publish(next);
                return returnNew ? next : current;
            }
        }
    }

    /**
     * Atomically replaces the value with {@code op(value, x)} and returns the value before, as
     * {@code AtomicLong.getAndAccumulate}. The function may be called more than once under
     * contention, so it must be free of side effects.
     *
     * @param x the second operand
     * @param op the function
     * @return the value before the update
     * @throws NullPointerException if {@code op} is null
     */
    public long getAndAccumulate(long x, LongBinaryOperator op) {
        Objects.requireNonNull(op, "op");
        return getAndUpdate(v -> op.applyAsLong(v, x));
    }

    /**
     * Sets the value to {@code newValue} if it is {@code expected}, and returns the value it
     * found (the witness), as {@code AtomicLong.compareAndExchange}: the exchange happened
     * exactly when the witness equals {@code expected}.
     *
     * @param expected the value expected now
     * @param newValue the value to set
     * @return the value found
     */
    public long compareAndExchange(long expected, long newValue) {
        long witness = (long) VALUE.compareAndExchange(this, expected, newValue);
        if (witness == expected) {
            publish(newValue);
        }
        return witness;
    }

    /**
     * Atomically replaces the value with {@code op(value, x)}. The function may be called more
     * than once under contention, so it must be free of side effects.
     *
     * @param x the second operand
     * @param op the function
     * @return the new value
     * @throws NullPointerException if {@code op} is null
     */
    public long accumulateAndGet(long x, LongBinaryOperator op) {
        Objects.requireNonNull(op, "op");
        return updateAndGet(v -> op.applyAsLong(v, x));
    }

    /**
     * Returns the value, read with acquire semantics (pairs with {@link #setRelease(long)}).
     *
     * @return the value, read with acquire semantics (pairs with {@link #setRelease(long)})
     */
    public long getAcquire() {
        return (long) VALUE.getAcquire(this);
    }

    /**
     * Sets the value with release semantics (pairs with {@link #getAcquire()}). Does not wake
     * threads blocked in an {@code await}; see the class documentation.
     *
     * @param newValue the new value
     */
    public void setRelease(long newValue) {
        VALUE.setRelease(this, newValue);
    }

    /**
     * Serialization writes the value alone; a deserialized counter has nobody waiting.
     *
     * @return the serial form
     */
    private Object writeReplace() {
        return new SerialForm(get());
    }

    /**
     * Refuses a stream that bypasses the serial form.
     *
     * @param in the stream
     * @throws java.io.InvalidObjectException always
     */
    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("AtomicCounter: serial form required");
    }

    /** The serial form of an {@link AtomicCounter}: its value. */
    private static final class SerialForm implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final long value;

        SerialForm(long value) {
            this.value = value;
        }

        private Object readResolve() {
            return new AtomicCounter(value);
        }
    }

    /**
     * Returns the value, e.g. {@code AtomicCounter@1b6d3586[value=42, waiters=0]}.
     *
     * @return the value, e.g. {@code AtomicCounter@1b6d3586[value=42, waiters=0]}
     */
    @Override
    public String toString() {
        return Names.identity("AtomicCounter", name, this) + "[value="
                + get() + ", waiters=" + getWaiterCount() + "]";
    }
}
