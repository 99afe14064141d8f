package io.github.signalbox.counters;

import static io.github.signalbox.TestThreads.awaitParked;
import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract of {@link AtomicCounter}: arithmetic, memory-order pairs and waiting. */
class AtomicCounterTest {

    /** The four blocking flavours of "wait until at least n", returning the value seen. */
    enum Flavour {
        INTERRUPTIBLE {
            @Override
            long awaitAtLeast(AtomicCounter c, long n) throws Exception {
                return c.awaitAtLeast(n);
            }
        },
        UNINTERRUPTIBLE {
            @Override
            long awaitAtLeast(AtomicCounter c, long n) {
                return c.awaitAtLeastUninterruptibly(n);
            }
        },
        TIMED_DURATION {
            @Override
            long awaitAtLeast(AtomicCounter c, long n) throws Exception {
                return c.awaitValue(v -> v >= n, Duration.ofMinutes(1)).orElseThrow();
            }
        },
        TIMED_UNIT {
            @Override
            long awaitAtLeast(AtomicCounter c, long n) throws Exception {
                assertTrue(c.awaitAtLeast(n, 1, TimeUnit.MINUTES));
                return c.get();
            }
        };

        abstract long awaitAtLeast(AtomicCounter c, long n) throws Exception;
    }

    @Test
    void arithmeticReturnsTheNewValue() {
        AtomicCounter c = new AtomicCounter();
        assertEquals(1, c.increment());
        assertEquals(0, c.decrement());
        assertEquals(5, c.add(5));
        assertEquals(5, c.getAndAdd(-2));
        assertEquals(3, c.get());
        assertTrue(c.compareAndSet(3, 10));
        assertFalse(c.compareAndSet(3, 11));
        assertEquals(20, c.updateAndGet(v -> v * 2));
        assertEquals(23, c.accumulateAndGet(3, Long::sum));
        assertEquals(23, c.getAndSet(7));
        c.set(8);
        assertEquals(8, c.getAcquire());
        c.setRelease(9);
        assertEquals(9, c.getAcquire());
        assertEquals(42, new AtomicCounter(42).get());
        assertEquals(Long.MIN_VALUE, new AtomicCounter(Long.MAX_VALUE).increment(), "wraps");
        assertThrows(NullPointerException.class, () -> c.updateAndGet(null));
        assertThrows(NullPointerException.class, () -> c.accumulateAndGet(1, null));
        assertTrue(c.toString().matches("AtomicCounter@\\p{XDigit}+\\[value=9, waiters=0]"),
                c.toString());
    }

    @Test
    void concurrentIncrementsAreNeverLost() throws Exception {
        AtomicCounter c = new AtomicCounter();
        try (TestThreads threads = new TestThreads()) {
            for (int t = 0; t < 4; t++) {
                threads.start("incrementer-" + t, () -> {
                    for (int i = 0; i < 50_000; i++) {
                        c.increment();
                    }
                });
            }
        }
        assertEquals(200_000, c.get());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void waiterIsReleasedByTheUpdateThatReachesTheThreshold(Flavour flavour) throws Exception {
        AtomicCounter c = new AtomicCounter();
        AtomicLong seen = new AtomicLong(-1);
        try (TestThreads threads = new TestThreads()) {
            Thread waiter = threads.start("waiter", () -> seen.set(flavour.awaitAtLeast(c, 3)));
            awaitTrue("waiter registered", () -> c.getWaiterCount() == 1);
            c.increment();
            c.increment();
            awaitParked(waiter);
            assertEquals(-1, seen.get(), "2 < 3: still waiting");
            c.increment();
        }
        assertEquals(3, seen.get());
        assertEquals(0, c.getWaiterCount());
    }

    @Test
    void aBrieflyTrueConditionStillReleasesTheWaiter() throws Exception {
        AtomicCounter c = new AtomicCounter();
        AtomicLong seen = new AtomicLong(-1);
        try (TestThreads threads = new TestThreads()) {
            threads.start("waiter", () -> seen.set(c.awaitValue(v -> v == 5)));
            awaitTrue("waiter registered", () -> c.getWaiterCount() == 1);
            c.set(5);
            c.set(6); // the value moves on before the waiter runs
        }
        assertEquals(5, seen.get(), "released with the value that satisfied it");
    }

    @Test
    void awaitAtMostAndTryFlavours() throws Exception {
        AtomicCounter c = new AtomicCounter(10);
        assertTrue(c.tryAwaitAtMost(10));
        assertFalse(c.tryAwaitAtMost(9));
        assertTrue(c.tryAwaitAtLeast(10));
        assertFalse(c.tryAwaitAtLeast(11));
        assertEquals(OptionalLong.of(10), c.tryAwaitValue(v -> v % 2 == 0));
        assertEquals(OptionalLong.empty(), c.tryAwaitValue(v -> v < 0));
        assertEquals(10, c.awaitAtMost(10));
        assertEquals(10, c.awaitAtMostUninterruptibly(11));
        try (TestThreads threads = new TestThreads()) {
            threads.start("drainer", () -> assertEquals(0, c.awaitAtMost(0)));
            awaitTrue("drainer registered", () -> c.getWaiterCount() == 1);
            c.add(-10);
        }
        assertFalse(c.awaitAtMost(-1, Duration.ZERO));
        assertFalse(c.awaitAtMost(-1, 10, TimeUnit.MILLISECONDS));
        assertFalse(c.awaitAtLeast(1, Duration.ofMillis(10)));
        assertEquals(0, c.getWaiterCount(), "timed-out waiters leave no trace");
    }

    @Test
    void timedOutWaiterLeavesNoTraceAndUpdatesStayCheap() throws Exception {
        AtomicCounter c = new AtomicCounter();
        assertEquals(OptionalLong.empty(), c.awaitValue(v -> v > 0, Duration.ofMillis(20)));
        assertEquals(0, c.getWaiterCount());
        c.increment();
        assertEquals(OptionalLong.of(1), c.awaitValue(v -> v > 0, Duration.ZERO));
    }

    @Test
    void interruptedWaiterLeavesNoTrace() throws Exception {
        AtomicCounter c = new AtomicCounter();
        try (TestThreads threads = new TestThreads()) {
            Thread waiter = threads.start("waiter", () ->
                    assertThrows(InterruptedException.class, () -> c.awaitAtLeast(1)));
            awaitTrue("waiter registered", () -> c.getWaiterCount() == 1);
            waiter.interrupt();
        }
        assertEquals(0, c.getWaiterCount());
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> c.awaitAtLeast(0));
        assertFalse(Thread.interrupted(), "status cleared, even though the value satisfied it");
    }

    @Test
    void uninterruptibleWaitKeepsTheStatus() throws Exception {
        AtomicCounter c = new AtomicCounter();
        try (TestThreads threads = new TestThreads()) {
            Thread waiter = threads.start("waiter", () -> {
                assertEquals(1, c.awaitAtLeastUninterruptibly(1));
                assertTrue(Thread.interrupted());
            });
            awaitTrue("waiter registered", () -> c.getWaiterCount() == 1);
            waiter.interrupt();
            awaitParked(waiter);
            assertEquals(1, c.getWaiterCount());
            c.increment();
        }
    }

    @Test
    void aThrowingConditionFailsItsWaiterOnly() throws Exception {
        AtomicCounter c = new AtomicCounter();
        IllegalStateException boom = new IllegalStateException("boom");
        try (TestThreads threads = new TestThreads()) {
            threads.start("waiter", () -> assertSame(boom, assertThrows(
                    IllegalStateException.class, () -> c.awaitValue(v -> {
                        if (v == 1) {
                            throw boom;
                        }
                        return false;
                    }))));
            awaitTrue("waiter registered", () -> c.getWaiterCount() == 1);
            assertEquals(1, c.increment(), "the updater is not affected");
        }
        assertEquals(0, c.getWaiterCount());
        assertThrows(NullPointerException.class, () -> c.awaitValue(null));
        assertThrows(NullPointerException.class, () -> c.tryAwaitValue(null));
        assertThrows(NullPointerException.class, () -> c.awaitAtLeast(1, null));
        assertThrows(NullPointerException.class, () -> c.awaitAtLeast(1, 1, null));
    }

    @Test
    void manyWaitersWithDifferentThresholdsWakeInTurn() throws Exception {
        AtomicCounter c = new AtomicCounter();
        AtomicLong released = new AtomicLong();
        try (TestThreads threads = new TestThreads()) {
            for (int i = 1; i <= 5; i++) {
                long threshold = i;
                threads.start("waiter-" + i, () -> {
                    c.awaitAtLeast(threshold);
                    released.incrementAndGet();
                });
            }
            awaitTrue("all registered", () -> c.getWaiterCount() == 5);
            for (int i = 1; i <= 5; i++) {
                c.increment();
                long expected = i;
                awaitTrue(i + " released", () -> released.get() == expected);
                assertEquals(5 - i, c.getWaiterCount());
            }
        }
    }
}
