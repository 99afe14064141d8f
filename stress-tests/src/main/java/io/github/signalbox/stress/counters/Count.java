package io.github.signalbox.stress.counters;

import io.github.signalbox.counters.AtomicCounter;

/** The counter operations the tests use, so that the real counter and its mutants run alike. */
public interface Count {

    long increment();

    long get();

    /** Waits until the value is at least {@code threshold}; returns the value seen. */
    long waitUntilAtLeast(long threshold);

    static Count of(AtomicCounter counter) {
        return new Count() {
            @Override
            public long increment() {
                return counter.increment();
            }

            @Override
            public long get() {
                return counter.get();
            }

            @Override
            public long waitUntilAtLeast(long threshold) {
                return counter.awaitAtLeastUninterruptibly(threshold);
            }
        };
    }
}
