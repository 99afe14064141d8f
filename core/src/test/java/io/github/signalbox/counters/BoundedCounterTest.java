package io.github.signalbox.counters;

import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The contract of {@link BoundedCounter}: all-or-nothing updates within the range. */
class BoundedCounterTest {

    @Test
    void tryUpdatesFailAtTheBoundsWithoutChange() {
        BoundedCounter c = new BoundedCounter(0, 2, 1);
        assertTrue(c.tryIncrement());
        assertFalse(c.tryIncrement());
        assertEquals(2, c.get());
        assertFalse(c.tryAdd(-3));
        assertTrue(c.tryAdd(-2));
        assertFalse(c.tryDecrement());
        assertEquals(0, c.get());
        assertEquals(0, c.min());
        assertEquals(2, c.max());
        assertTrue(c.toString().contains("value=0, range=[0, 2]"), c.toString());
    }

    @Test
    void addThrowsOnOverflowOfTheRangeAndChangesNothing() {
        BoundedCounter c = new BoundedCounter(-5, 5, 4);
        assertEquals(5, c.increment());
        CounterOverflowException e = assertThrows(CounterOverflowException.class, c::increment);
        assertTrue(e.getMessage().contains("would leave [-5, 5]"), e.getMessage());
        assertEquals(5, e.value());
        assertEquals(1, e.delta());
        assertEquals(5, c.get());
        assertThrows(CounterOverflowException.class, () -> c.add(-11));
        assertEquals(-5, c.add(-10));
        assertThrows(CounterOverflowException.class, c::decrement);
        assertEquals(-5, c.get());
        assertTrue(ArithmeticException.class.isAssignableFrom(CounterOverflowException.class));
    }

    @Test
    void longOverflowIsARangeViolationNotAWrapAround() {
        BoundedCounter c = new BoundedCounter(Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE);
        assertFalse(c.tryIncrement());
        assertThrows(CounterOverflowException.class, () -> c.add(Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, c.get());
        BoundedCounter low = new BoundedCounter(Long.MIN_VALUE, 0, Long.MIN_VALUE);
        assertFalse(low.tryAdd(-1));
        assertTrue(low.tryAdd(Long.MAX_VALUE));
        assertEquals(-1, low.get());
    }

    @Test
    void invalidRangesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedCounter(1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new BoundedCounter(0, 10, 11));
        assertThrows(IllegalArgumentException.class, () -> new BoundedCounter(0, 10, -1));
        assertEquals(7, new BoundedCounter(7, 7, 7).get());
    }

    @Test
    void concurrentUpdatesNeverLeaveTheRange() throws Exception {
        BoundedCounter c = new BoundedCounter(0, 10, 0);
        AtomicInteger succeeded = new AtomicInteger();
        try (TestThreads threads = new TestThreads()) {
            for (int t = 0; t < 4; t++) {
                threads.start("t" + t, () -> {
                    for (int i = 0; i < 10_000; i++) {
                        if (c.tryIncrement()) {
                            succeeded.incrementAndGet();
                        }
                        long v = c.get();
                        assertTrue(v >= 0 && v <= 10, "value " + v);
                    }
                });
            }
        }
        assertEquals(10, c.get());
        assertEquals(10, succeeded.get());
    }

    @Test
    void threadsCanWaitOnABoundedCounter() throws Exception {
        BoundedCounter c = new BoundedCounter(0, 3, 0);
        try (TestThreads threads = new TestThreads()) {
            threads.start("waiter", () -> assertEquals(3, c.awaitAtLeast(3)));
            awaitTrue("waiter registered", () -> c.getWaiterCount() == 1);
            c.add(3);
        }
    }
}
