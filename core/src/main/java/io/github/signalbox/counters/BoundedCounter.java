package io.github.signalbox.counters;

import io.github.signalbox.NamedBuilder;
import io.github.signalbox.internal.Names;

/**
 * A counter confined to a range {@code [min, max]}: checked arithmetic for quantities that must
 * never leave it (stock levels, open connections, a balance that may not go negative). Every
 * update is all-or-nothing: {@link #tryAdd(long)} and its friends fail without changing anything
 * at the bounds, and {@link #add(long)} throws {@link CounterOverflowException} instead, also
 * leaving the value as it was. Like {@link AtomicCounter}, threads can wait for the value to
 * reach a threshold or satisfy a condition.
 *
 * <h2>Sample usage: stock that can never be oversold</h2>
 * <pre>{@code
 * BoundedCounter stock = new BoundedCounter(0, 500, 120);
 * if (!stock.tryAdd(-quantity)) {
 *     throw new OutOfStockException(item, stock.get());
 * }
 * }</pre>
 *
 * <h2>Memory consistency effects</h2>
 * As for {@link AtomicCounter}: actions before an update happen-before actions after a read of
 * the value it wrote. See the <a href="../package-summary.html#memory-visibility">
 * memory-visibility rules</a>.
 */
public final class BoundedCounter extends WaitableCounter {

    private static final long serialVersionUID = 1L;

    /** The lowest value allowed. */
    private final long min;
    /** The highest value allowed. */
    private final long max;

    /**
     * Creates a counter confined to {@code [min, max]}, starting at {@code initial}.
     *
     * @param min the lowest value allowed
     * @param max the highest value allowed
     * @param initial the initial value
     * @throws IllegalArgumentException if {@code min > max} or {@code initial} is outside
     *         {@code [min, max]}
     */
    public BoundedCounter(long min, long max, long initial) {
        this(min, max, initial, null);
    }

    private BoundedCounter(long min, long max, long initial, String name) {
        super(checkRange(min, max, initial), "BoundedCounter", name);
        this.min = min;
        this.max = max;
    }

    /**
     * Returns a builder, for a named counter:
     * <pre>{@code
     * BoundedCounter stock = BoundedCounter.builder(0, 500).initial(120).name("stock").build();
     * }</pre>
     *
     * @param min the lowest value allowed
     * @param max the highest value allowed
     * @return a builder of an unnamed counter starting at {@code min}
     * @throws IllegalArgumentException if {@code min > max}
     */
    public static Builder builder(long min, long max) {
        checkRange(min, max, min);
        return new Builder(min, max);
    }

    /** Builds a {@link BoundedCounter}; every setting but the range is optional. */
    public static final class Builder extends NamedBuilder<Builder, BoundedCounter> {
        private final long min;
        private final long max;
        private long initial;

        private Builder(long min, long max) {
            this.min = min;
            this.max = max;
            this.initial = min;
        }

        /**
         * Sets the initial value (default: {@code min}).
         *
         * @param initial the initial value, within {@code [min, max]}
         * @return this builder
         * @throws IllegalArgumentException if {@code initial} is outside {@code [min, max]}
         */
        public Builder initial(long initial) {
            this.initial = checkRange(min, max, initial);
            return this;
        }

        /**
         * Returns a new counter with these settings.
         *
         * @return a new counter with these settings
         */
        @Override
        public BoundedCounter build() {
            return new BoundedCounter(min, max, initial, nameOrNull());
        }
    }

    private static long checkRange(long min, long max, long initial) {
        if (min > max) {
            throw new IllegalArgumentException("BoundedCounter: min " + min + " > max " + max);
        }
        if (initial < min || initial > max) {
            throw new IllegalArgumentException("BoundedCounter: initial value " + initial
                    + " outside [" + min + ", " + max + "]");
        }
        return initial;
    }

    /**
     * Returns the lowest value allowed.
     *
     * @return the lowest value allowed
     */
    public long min() {
        return min;
    }

    /**
     * Returns the highest value allowed.
     *
     * @return the highest value allowed
     */
    public long max() {
        return max;
    }

    /**
     * Adds {@code delta} if the result stays within the range.
     *
     * @param delta the amount to add (may be negative)
     * @return whether it was added; if not, nothing changed
     */
    public boolean tryAdd(long delta) {
        for (;;) {
            long current = value;
            if (!fits(current, delta)) {
                return false;
            }
            if (cas(current, current + delta)) {
                publish(current + delta);
                return true;
            }
        }
    }

    /**
     * Returns whether the value was below {@code max} and was incremented.
     *
     * @return whether the value was below {@code max} and was incremented
     */
    public boolean tryIncrement() {
        return tryAdd(1L);
    }

    /**
     * Returns whether the value was above {@code min} and was decremented.
     *
     * @return whether the value was above {@code min} and was decremented
     */
    public boolean tryDecrement() {
        return tryAdd(-1L);
    }

    /**
     * Adds {@code delta}, or throws if the result would leave the range.
     *
     * @param delta the amount to add (may be negative)
     * @return the new value
     * @throws CounterOverflowException if the result would leave {@code [min, max]}; nothing
     *         changed
     */
    public long add(long delta) {
        for (;;) {
            long current = value;
            if (!fits(current, delta)) {
                throw new CounterOverflowException(this + ": adding " + delta + " to " + current
                        + " would leave [" + min + ", " + max + "] (thread "
                        + Thread.currentThread().getName() + "); nothing changed", current, delta);
            }
            if (cas(current, current + delta)) {
                return publish(current + delta);
            }
        }
    }

    /**
     * Adds one, or throws if that would leave the range (the value is then unchanged).
     *
     * @return the new value
     * @throws CounterOverflowException if the value is already {@code max}
     */
    public long increment() {
        return add(1L);
    }

    /**
     * Subtracts one, or throws if that would leave the range (the value is then unchanged).
     *
     * @return the new value
     * @throws CounterOverflowException if the value is already {@code min}
     */
    public long decrement() {
        return add(-1L);
    }

    /** Whether {@code current + delta} stays in range (a {@code long} overflow never does). */
    private boolean fits(long current, long delta) {
        long result = current + delta;
        boolean overflow = ((current ^ result) & (delta ^ result)) < 0;
        return !overflow && result >= min && result <= max;
    }

    /**
     * Serialization writes the range and the value alone; a deserialized counter has nobody
     * waiting.
     *
     * @return the serial form
     */
    private Object writeReplace() {
        return new SerialForm(min, max, get());
    }

    /**
     * Refuses a stream that bypasses the serial form.
     *
     * @param in the stream
     * @throws java.io.InvalidObjectException always
     */
    private void readObject(java.io.ObjectInputStream in) throws java.io.InvalidObjectException {
        throw new java.io.InvalidObjectException("BoundedCounter: serial form required");
    }

    /** The serial form of a {@link BoundedCounter}: its range and value. */
    private static final class SerialForm implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final long min;
        private final long max;
        private final long value;

        SerialForm(long min, long max, long value) {
            this.min = min;
            this.max = max;
            this.value = value;
        }

        private Object readResolve() {
            return new BoundedCounter(min, max, value);
        }
    }

    @Override
    public String toString() {
        return Names.identity("BoundedCounter", name, this) + "[value="
                + get() + ", range=[" + min + ", " + max + "], waiters=" + getWaiterCount() + "]";
    }
}
