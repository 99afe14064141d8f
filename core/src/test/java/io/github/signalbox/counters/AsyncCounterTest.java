package io.github.signalbox.counters;

import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import io.github.signalbox.events.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The asynchronous waits of the counters, the WaitGroup and the Event: completion by the
 * updating thread with the value that satisfied the condition, at once when it already holds,
 * condition failures, withdrawal however the future completes, executors, and 100,000 waiters.
 */
class AsyncCounterTest {

    private static final long LONG = TestThreads.LONG_DELAY_MS;

    @Test
    void thresholdFutureCompletesOnTheUpdatingThreadWithTheValueThatSatisfiedIt()
            throws Exception {
        AtomicCounter c = new AtomicCounter();
        CompletableFuture<Long> atLeast = c.awaitAtLeastAsync(3);
        assertEquals(1, c.getWaiterCount());
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        atLeast.thenRun(() -> ranOn.set(Thread.currentThread()));
        c.increment();
        c.increment();
        assertFalse(atLeast.isDone());
        Thread updater = new Thread(c::increment, "updater");
        updater.start();
        updater.join();
        assertEquals(3L, atLeast.join());
        assertSame(updater, ranOn.get());
        assertEquals(0, c.getWaiterCount());
        assertTrue(c.awaitAtMostAsync(5).isDone(), "already true: completed at once");
        assertEquals(0, c.getWaiterCount());
    }

    @Test
    void aBriefValueIsNotMissedAndAThrowingConditionFailsOnlyItsFuture() {
        AtomicCounter c = new AtomicCounter();
        CompletableFuture<Long> five = c.awaitValueAsync(v -> v == 5);
        CompletableFuture<Long> throwing = c.awaitValueAsync(v -> {
            if (v == 1) {
                throw new IllegalStateException("no ones");
            }
            return false;
        });
        for (int i = 0; i < 10; i++) {
            c.increment(); // the updater never sees the condition's failure
        }
        assertEquals(5L, five.join());
        Throwable failure = throwing.handle((v, e) -> e).join();
        assertTrue(failure instanceof IllegalStateException, String.valueOf(failure));
        assertEquals(0, c.getWaiterCount());
        assertThrows(NullPointerException.class, () -> c.awaitValueAsync(null));
        assertThrows(NullPointerException.class, () -> c.awaitValueAsync(v -> true, null));
    }

    @Test
    void cancelTimeoutOrForeignCompletionWithdrawsTheRegistration() {
        AtomicCounter c = new AtomicCounter();
        CompletableFuture<Long> cancelled = c.awaitAtLeastAsync(10);
        CompletableFuture<Long> completed = c.awaitAtLeastAsync(10);
        assertEquals(2, c.getWaiterCount());
        CompletableFuture<Long> timedOut = c.awaitAtLeastAsync(10)
                .orTimeout(1, TimeUnit.MILLISECONDS);
        cancelled.cancel(false);
        completed.complete(-1L);
        awaitTrue("every registration withdrawn", () -> timedOut.isDone()
                && c.getWaiterCount() == 0);
        c.add(10);
        assertEquals(-1L, completed.join());
    }

    @Test
    void completesOnTheGivenExecutor() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "loop"));
        try {
            AtomicCounter c = new AtomicCounter();
            CompletableFuture<String> where = c.awaitValueAsync(v -> v > 0, loop)
                    .thenApply(v -> Thread.currentThread().getName());
            c.increment();
            assertEquals("loop", where.get(LONG, TimeUnit.MILLISECONDS));

            WaitGroup group = new WaitGroup();
            group.add(1);
            CompletableFuture<String> groupWhere = group.awaitAsync(loop)
                    .thenApply(v -> Thread.currentThread().getName());
            group.done();
            assertEquals("loop", groupWhere.get(LONG, TimeUnit.MILLISECONDS));

            Event event = new Event();
            CompletableFuture<String> eventWhere = event.awaitAsync(loop)
                    .thenApply(v -> Thread.currentThread().getName());
            event.set();
            assertEquals("loop", eventWhere.get(LONG, TimeUnit.MILLISECONDS));
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void waitGroupFutureCompletesAtZeroAndItsCancelWithdraws() {
        WaitGroup group = new WaitGroup();
        assertTrue(group.awaitAsync().isDone(), "zero now: completed at once");
        group.add(2);
        CompletableFuture<Void> all = group.awaitAsync();
        CompletableFuture<Void> abandoned = group.awaitAsync();
        assertEquals(2, group.getWaiterCount());
        abandoned.cancel(false);
        assertEquals(1, group.getWaiterCount(), "the cancel reached the registration");
        group.done();
        assertFalse(all.isDone());
        group.done();
        assertTrue(all.isDone());
        assertEquals(0, group.getWaiterCount());

        Event event = new Event();
        CompletableFuture<Void> relayed = event.awaitAsync(Runnable::run);
        assertEquals(1, event.getPendingFutureCount());
        relayed.cancel(false);
        assertEquals(0, event.getPendingFutureCount(), "the relay's cancel withdrew it");
    }

    @Test
    void hundredThousandAsyncWaitersCompleteAndLeaveNothing() {
        AtomicCounter c = new AtomicCounter();
        int n = 100_000;
        List<CompletableFuture<Long>> futures = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            futures.add(c.awaitAtLeastAsync(i % 2 + 1));
        }
        assertEquals(n, c.getWaiterCount());
        c.increment();
        assertEquals(n / 2, c.getWaiterCount());
        c.increment();
        assertEquals(0, c.getWaiterCount());
        assertTrue(futures.stream().allMatch(f -> f.join() == 1L || f.join() == 2L));

        List<CompletableFuture<Long>> cancelled = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cancelled.add(c.awaitAtLeastAsync(1_000));
        }
        cancelled.forEach(f -> f.cancel(false));
        assertEquals(0, c.getWaiterCount(), "cancelled requests leave no registration");
    }
}
