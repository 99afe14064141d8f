package io.github.signalbox.ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void ceilingDoublesUpToTheMaxAndDelaysStayBelowIt() {
        Backoff backoff = Backoff.randomized(Duration.ofNanos(100), Duration.ofNanos(1_000));
        long[] ceilings = {100, 200, 400, 800, 1_000, 1_000};
        for (long ceiling : ceilings) {
            assertEquals(ceiling, backoff.ceilingNanos());
            long delay = backoff.nextDelayNanos();
            assertTrue(delay >= 0 && delay <= ceiling, delay + " not in [0, " + ceiling + "]");
        }
        backoff.reset();
        assertEquals(100, backoff.ceilingNanos());
    }

    @Test
    void delaysAreSpreadOut() {
        Backoff backoff = Backoff.randomized(Duration.ofMillis(1), Duration.ofMillis(1));
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < 1_000; i++) {
            long d = backoff.nextDelayNanos();
            min = Math.min(min, d);
            max = Math.max(max, d);
        }
        assertTrue(min < 250_000 && max > 750_000, "min " + min + ", max " + max);
    }

    @Test
    void hugeMaxDoesNotOverflow() {
        Backoff backoff = Backoff.randomized(Duration.ofNanos(1), Duration.ofDays(365_000_000));
        for (int i = 0; i < 100; i++) {
            backoff.nextDelayNanos();
        }
        assertEquals(Long.MAX_VALUE, backoff.ceilingNanos());
    }

    @Test
    void pauseWhenInterruptedThrowsAndClearsTheStatus() {
        Backoff backoff = Backoff.randomized(Duration.ofMillis(1), Duration.ofMillis(2));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, backoff::pause);
        assertFalse(Thread.interrupted());
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class,
                () -> Backoff.randomized(Duration.ZERO, Duration.ofMillis(1)));
        assertThrows(IllegalArgumentException.class,
                () -> Backoff.randomized(Duration.ofMillis(2), Duration.ofMillis(1)));
        assertThrows(NullPointerException.class, () -> Backoff.randomized(null, Duration.ZERO));
    }
}
