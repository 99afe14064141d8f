package io.github.signalbox.counters;

import io.github.signalbox.NamedBuilder;
import io.github.signalbox.internal.Names;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

/**
 * A counter for write-heavy statistics (requests served, bytes sent): updates from many threads
 * scale because they go to per-thread-group cells instead of one contended word. Built on
 * {@link LongAdder}, which already does this well; this class gives it the vocabulary of the
 * other counters and says plainly what {@link #sum()} is.
 *
 * <p>{@link #sum()} adds up the cells one by one: it is <em>not</em> an atomic snapshot. Updates
 * that run concurrently with it may or may not be counted, so two threads that each increment
 * once can see a sum of 0, 1 or 2 while they run; once updates stop, the sum is exact. Use
 * {@link AtomicCounter} when every read must be exact or when threads wait on the value.
 *
 * <h2>Sample usage</h2>
 * <pre>{@code
 * StripedCounter requests = new StripedCounter();
 * requests.increment();                      // on every request, from any thread
 * metrics.gauge("requests", requests::sum);  // read now and then
 * }</pre>
 *
 * <h2>Memory consistency effects</h2>
 * Those of {@link LongAdder}: an update happens-before a {@code sum()} that includes it; no other
 * ordering is promised. See the <a href="../package-summary.html#memory-visibility">
 * memory-visibility rules</a>.
 */
public final class StripedCounter {

    private final LongAdder cells = new LongAdder();
    /** The name given at construction, or null. */
    private final String name;

    /** A counter at zero. */
    public StripedCounter() {
        this(null);
    }

    private StripedCounter(String name) {
        this.name = name;
    }

    /**
     * Returns a builder, for a named counter:
     * <pre>{@code
     * StripedCounter requests = StripedCounter.builder().name("requests").build();
     * }</pre>
     *
     * @return a builder of an unnamed counter at zero
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link StripedCounter}; the name is optional. */
    public static final class Builder extends NamedBuilder<Builder, StripedCounter> {

        private Builder() {
        }

        /**
         * Returns a new counter at zero.
         *
         * @return a new counter at zero
         */
        @Override
        public StripedCounter build() {
            return new StripedCounter(nameOrNull());
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

    /** Adds one. */
    public void increment() {
        cells.increment();
    }

    /** Subtracts one. */
    public void decrement() {
        cells.decrement();
    }

    /**
     * Adds {@code delta} (may be negative) to the sum.
     *
     * @param delta the amount to add (may be negative)
     */
    public void add(long delta) {
        cells.add(delta);
    }

    /**
     * Returns the sum of all updates so far; not an atomic snapshot (see the class comment).
     *
     * @return the sum of all updates so far; not an atomic snapshot (see the class comment)
     */
    public long sum() {
        return cells.sum();
    }

    /**
     * Returns the sum and resets the counter to zero; updates concurrent with it may be counted
     * in this sum or left for the next one, never lost.
     *
     * @return the sum before the reset
     */
    public long sumThenReset() {
        return cells.sumThenReset();
    }

    /** Resets the counter to zero; only exact when no update runs concurrently. */
    public void reset() {
        cells.reset();
    }

    /**
     * Returns a description of the state, e.g. {@code StripedCounter@1b6d3586[sum=42]}.
     *
     * @return e.g. {@code StripedCounter@1b6d3586[sum=42]}
     */
    @Override
    public String toString() {
        return Names.identity("StripedCounter", name, this) + "[sum="
                + sum() + "]";
    }
}
