package io.github.signalbox.counters;

import io.github.signalbox.internal.WaitStats;

/**
 * The field layout of a {@link WaitableCounter}, in superclasses because the JVM lays out a
 * superclass's fields before its subclass's: the contended {@code value} gets a cache line of
 * its own, away from the waiter count that every update reads right after its atomic
 * instruction. Without this, a second thread's update can steal the line between the two, and a
 * 2-thread increment cost 1.6x {@code AtomicLong}'s instead of the same. The padding is 128
 * bytes on every side (the width the JDK's {@code @Contended} uses), not one 64-byte line:
 * processors that fetch cache lines in aligned pairs (Intel's adjacent-line prefetcher) would
 * otherwise still pair the value's line with the header's, or either with a neighbouring
 * object's. Placement was not what an AMD EPYC host measured (1.5x to 1.66x with any padding,
 * and with the count on the value's own line): there the cost was the branch on the waiter count
 * right after the locked add, which {@code WaitableCounter.publish} avoids by returning a value
 * computed from the count. An AtomicCounter takes 424 bytes. The first class extends
 * {@link Number}, so every counter is one (as {@code AtomicLong} is); these classes declare no
 * public methods, so every public method of a counter is declared in a public class.
 */
final class CounterLayout {

    private CounterLayout() {
    }

    /**
     * Padding before the header: whatever the heap placed just before this counter (another
     * object's hot field) stays off the header's cache-line pair.
     */
    @SuppressWarnings("unused")
    abstract static class PadFront extends Number {
        private static final long serialVersionUID = 1L;
        private long f01, f02, f03, f04, f05, f06, f07, f08;
        private long f09, f10, f11, f12, f13, f14, f15, f16;
    }

    /**
     * The rarely written fields read by every update: the number of waiting threads (written
     * only by {@link ValueWaiters}, under its lock) and the waiters themselves.
     */
    abstract static class Header extends PadFront {
        private static final long serialVersionUID = 1L;
        volatile int waiterCount;
        /** Not serialized: a counter is written as its value alone (see its serial form). */
        final transient ValueWaiters waiters = new ValueWaiters(this);
        /** The name given at construction, or null; not serialized either. */
        final transient String name;
        /** Counted by threads that park in an {@code await}; not serialized. */
        final transient WaitStats stats;

        Header(String kind, String name) {
            this.name = name;
            this.stats = new WaitStats(kind, name, null, this);
        }
    }

    /** Padding between the header and the value. */
    @SuppressWarnings("unused")
    abstract static class PadBefore extends Header {
        private static final long serialVersionUID = 1L;
        private long p01, p02, p03, p04, p05, p06, p07, p08;
        private long p09, p10, p11, p12, p13, p14, p15, p16;

        PadBefore(String kind, String name) {
            super(kind, name);
        }
    }

    /** The value, alone on its cache line. */
    abstract static class Value extends PadBefore {
        private static final long serialVersionUID = 1L;
        volatile long value;

        Value(String kind, String name) {
            super(kind, name);
        }
    }

    /** Padding after the value. */
    @SuppressWarnings("unused")
    abstract static class PadAfter extends Value {
        private static final long serialVersionUID = 1L;
        private long q01, q02, q03, q04, q05, q06, q07, q08;
        private long q09, q10, q11, q12, q13, q14, q15, q16;

        PadAfter(String kind, String name) {
            super(kind, name);
        }
    }
}
