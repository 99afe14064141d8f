package io.github.signalbox.counters;

import io.github.signalbox.stress.counters.Count;

/**
 * Deliberately broken counters ("mutants") that the jcstress and Lincheck tests must reject; the
 * test command checks that they do. They reuse the real waiting machinery and change one update,
 * the way a real bug would. Kept here, never in core.
 */
public final class CounterMutants {

    private CounterMutants() {
    }

    /** {@code counter += 1} as a plain read, add and write: concurrent increments get lost. */
    public static Count plainReadModifyWrite() {
        return new PlainIncrement();
    }

    /** An increment that forgets to tell the waiters: a blocked waiter is never released. */
    public static Count silentIncrement() {
        return new SilentIncrement();
    }

    /** The lost-update counter, as a class Lincheck can instantiate. */
    public static class PlainIncrement extends WaitableCounter implements Count {
        private static final long serialVersionUID = 1L;

        public PlainIncrement() {
            super(0L);
        }

        @Override
        public long increment() {
            long next = value + 1; // the bug: read and write are two steps
            value = next;
            return publish(next);
        }

        @Override
        public long waitUntilAtLeast(long threshold) {
            return awaitAtLeastUninterruptibly(threshold);
        }
    }

    /** The lost-wakeup counter, as a class Lincheck can instantiate. */
    public static class SilentIncrement extends WaitableCounter implements Count {
        private static final long serialVersionUID = 1L;

        public SilentIncrement() {
            super(0L);
        }

        @Override
        public long increment() {
            return (long) VALUE.getAndAdd(this, 1L) + 1L; // the bug: waiters are not told
        }

        @Override
        public long waitUntilAtLeast(long threshold) {
            return awaitAtLeastUninterruptibly(threshold);
        }
    }
}
