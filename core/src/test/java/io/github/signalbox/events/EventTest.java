package io.github.signalbox.events;

import static io.github.signalbox.TestThreads.awaitParked;
import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The contract of {@link Event}: Python threading.Event semantics. */
class EventTest {

    @Test
    void startsClearAndSetClearToggleTheFlag() throws Exception {
        Event e = new Event();
        assertFalse(e.isSet());
        assertFalse(e.await(Duration.ZERO));
        e.set();
        assertTrue(e.isSet());
        e.set(); // idempotent
        assertTrue(e.await(Duration.ZERO));
        e.await();
        e.awaitUninterruptibly();
        assertTrue(e.await(1, TimeUnit.NANOSECONDS));
        e.clear();
        assertFalse(e.isSet());
        assertFalse(e.await(-1, TimeUnit.DAYS));
        assertTrue(e.toString().contains("set=false"), e.toString());
    }

    @Test
    void nullArgumentsAreRejected() {
        Event e = new Event();
        assertThrows(NullPointerException.class, () -> e.await(null));
        assertThrows(NullPointerException.class, () -> e.await(1, null));
        assertFalse(e.isSet());
    }

    @Test
    void setWakesEveryWaiter() throws Exception {
        Event e = new Event();
        int n = 4;
        CountDownLatch woke = new CountDownLatch(n);
        try (TestThreads threads = new TestThreads()) {
            for (int i = 0; i < n; i++) {
                int id = i;
                threads.start("waiter-" + i, () -> {
                    if (id % 2 == 0) {
                        e.await();
                    } else {
                        assertTrue(e.await(1, TimeUnit.DAYS));
                    }
                    woke.countDown();
                });
            }
            awaitTrue("all waiting", () -> e.getWaiterCount() == n);
            assertEquals(n, woke.getCount());
            e.set();
            assertTrue(woke.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
        }
        assertEquals(0, e.getWaiterCount());
    }

    /** A clear() racing right behind set() must not strand the waiters set() released. */
    @Test
    void clearRightAfterSetStillReleasesThoseWaiting() throws Exception {
        Event e = new Event();
        int n = 3;
        try (TestThreads threads = new TestThreads()) {
            for (int i = 0; i < n; i++) {
                threads.start("waiter-" + i, e::await);
            }
            awaitTrue("all waiting", () -> e.getWaiterCount() == n);
            e.set();
            e.clear();
        }
        assertFalse(e.isSet());
        assertEquals(0, e.getWaiterCount());
    }

    @Test
    void timedAwaitReturnsFalseOnlyAfterTheTimeoutAndLeavesNoTrace() throws Exception {
        Event e = new Event();
        long start = System.nanoTime();
        assertFalse(e.await(Duration.ofMillis(30)));
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(30));
        assertEquals(0, e.getWaiterCount());
    }

    @Test
    void interruptsFollowTheJsr166Rules() throws Exception {
        Event e = new Event();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, e::await);
        assertFalse(Thread.interrupted());
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> e.await(Duration.ofDays(1)));
        assertFalse(Thread.interrupted());
        try (TestThreads threads = new TestThreads()) {
            Thread t = threads.start("interruptible", () ->
                    assertThrows(InterruptedException.class, e::await));
            awaitTrue("waiting", () -> e.getWaiterCount() == 1);
            awaitParked(t);
            t.interrupt();
            awaitTrue("left", () -> e.getWaiterCount() == 0);
            Thread u = threads.start("uninterruptible", () -> {
                e.awaitUninterruptibly();
                assertTrue(Thread.currentThread().isInterrupted(), "status kept");
            });
            awaitTrue("waiting", () -> e.getWaiterCount() == 1);
            awaitParked(u);
            u.interrupt();
            awaitParked(u);
            assertEquals(1, e.getWaiterCount(), "still waiting");
            e.set();
        }
    }

    @Test
    void setHappensBeforeTheAwaitThatSawIt() throws Exception {
        Event e = new Event();
        int[] data = new int[1];
        try (TestThreads threads = new TestThreads()) {
            threads.start("reader", () -> {
                e.await();
                assertEquals(42, data[0]);
            });
            data[0] = 42;
            e.set();
        }
    }

    @Test
    void awaitAsyncCompletesOnSetAndCancellationWithdraws() throws Exception {
        Event e = new Event();
        CompletableFuture<Void> f = e.awaitAsync();
        CompletableFuture<Void> abandoned = e.awaitAsync();
        assertEquals(2, e.getPendingFutureCount());
        abandoned.cancel(false);
        assertEquals(1, e.getPendingFutureCount(), "cancelled registration withdrawn");
        assertFalse(f.isDone());
        AtomicInteger ran = new AtomicInteger();
        f.thenRun(ran::incrementAndGet);
        e.set();
        assertTrue(f.isDone());
        assertEquals(1, ran.get());
        assertEquals(0, e.getPendingFutureCount());
        assertTrue(e.awaitAsync().isDone(), "already set");
        assertEquals(0, e.getPendingFutureCount());
    }

    /** Issue 11 item 3: a awaitAsync() registration goes away however its future completes. */
    @Test
    void awaitAsyncRegistrationLeavesHoweverItsFutureCompletes() throws Exception {
        Event e = new Event();
        List<CompletableFuture<Void>> futures = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            CompletableFuture<Void> f = e.awaitAsync();
            futures.add(f);
            switch (i % 5) {
                case 0:
                    f.cancel(false);
                    break;
                case 1:
                    f.completeExceptionally(new IllegalStateException("gave up"));
                    break;
                case 2:
                    f.complete(null);
                    break;
                case 3:
                    f.orTimeout(1, TimeUnit.NANOSECONDS);
                    break;
                default:
                    f.completeOnTimeout(null, 1, TimeUnit.NANOSECONDS);
            }
        }
        for (CompletableFuture<Void> f : futures) {
            awaitTrue("the future completes", f::isDone);
        }
        assertEquals(0, e.getPendingFutureCount(), "no registration outlives its future");
        CompletableFuture<Void> pending = e.awaitAsync();
        assertEquals(1, e.getPendingFutureCount());
        e.set();
        assertTrue(pending.isDone());
        assertEquals(0, e.getPendingFutureCount());
        CompletableFuture<Void> afterSet = e.awaitAsync();
        assertTrue(afterSet.isDone(), "already set: completed at once");
        assertEquals(0, e.getPendingFutureCount());
    }
}
