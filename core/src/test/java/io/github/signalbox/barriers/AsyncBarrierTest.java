package io.github.signalbox.barriers;

import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * awaitAsync(): asynchronous arrivals are parties like the others (indices, action, trip), break
 * with the round, give up per the timeout policy when their future completes first, obey the
 * default timeout, and drive long chains of rounds with a flat stack.
 */
class AsyncBarrierTest {

    private static final long LONG = TestThreads.LONG_DELAY_MS;

    private static Throwable failureOf(CompletableFuture<?> f) {
        return f.handle((v, e) -> e).join();
    }

    @Test
    void asyncAndBlockingPartiesTripTogetherWithUniqueIndices() throws Exception {
        AtomicInteger actions = new AtomicInteger();
        Barrier b = Barrier.builder(3).action(actions::incrementAndGet).build();
        CompletableFuture<Integer> first = b.awaitAsync();
        CompletableFuture<Integer> second = b.awaitAsync();
        assertFalse(first.isDone());
        assertEquals(2, b.numberWaiting());
        AtomicReference<Thread> completedOn = new AtomicReference<>();
        first.thenRun(() -> completedOn.set(Thread.currentThread()));
        int mine;
        try (TestThreads threads = new TestThreads()) {
            int[] index = new int[1];
            Thread t = threads.start("last", () -> index[0] = b.await());
            t.join(LONG);
            mine = index[0];
            assertSame(t, completedOn.get(), "completed on the thread whose arrival tripped it");
        }
        Set<Integer> indices = new HashSet<>(List.of(first.join(), second.join(), mine));
        assertEquals(Set.of(0, 1, 2), indices);
        assertEquals(1, actions.get());
        assertEquals(1, b.generation());
    }

    @Test
    void anAsyncArrivalThatTripsCompletesBeforeReturning() throws Exception {
        Barrier b = new Barrier(2);
        try (TestThreads threads = new TestThreads()) {
            Thread waiter = threads.start("waiter", () -> b.await());
            awaitTrue("waiter arrived", () -> b.numberWaiting() == 1);
            CompletableFuture<Integer> last = b.awaitAsync();
            assertTrue(last.isDone());
            assertEquals(1, last.join());
            waiter.join(LONG);
        }
    }

    @Test
    void brokenBarrierFailsTheFutureAndAbortBreaksPendingOnes() {
        Barrier b = new Barrier(3);
        CompletableFuture<Integer> pending = b.awaitAsync();
        b.abort();
        assertTrue(failureOf(pending) instanceof BrokenBarrierException);
        CompletableFuture<Integer> late = b.awaitAsync();
        assertTrue(late.isDone());
        assertTrue(failureOf(late) instanceof BrokenBarrierException);
        b.reset();
        assertFalse(b.isBroken());
    }

    @Test
    void aFailingActionBreaksTheRoundWithItsFailureAsCause() {
        Barrier b = Barrier.builder(2).action(() -> {
            throw new IllegalStateException("boom");
        }).build();
        CompletableFuture<Integer> first = b.awaitAsync();
        CompletableFuture<Integer> second = b.awaitAsync();
        Throwable failure = failureOf(first);
        assertTrue(failure instanceof BrokenBarrierException);
        assertTrue(failure.getCause() instanceof IllegalStateException);
        assertTrue(failureOf(second) instanceof BrokenBarrierException);
    }

    @Test
    void underWithdrawACancelledArrivalLeavesTheRoundOpen() {
        Barrier b = Barrier.builder(2).timeoutPolicy(TimeoutPolicy.WITHDRAW).build();
        CompletableFuture<Integer> gaveUp = b.awaitAsync();
        assertEquals(1, b.numberWaiting());
        assertTrue(gaveUp.cancel(false));
        assertEquals(0, b.numberWaiting(), "withdrawn at once");
        assertFalse(b.isBroken());
        CompletableFuture<Integer> a = b.awaitAsync();
        CompletableFuture<Integer> c = b.awaitAsync();
        assertEquals(Set.of(0, 1), Set.of(a.join(), c.join()));
    }

    @Test
    void underBreakACancelledOrTimedOutArrivalBreaksTheRound() {
        Barrier b = new Barrier(3); // BREAK is the default policy
        CompletableFuture<Integer> other = b.awaitAsync();
        CompletableFuture<Integer> gaveUp = b.awaitAsync().orTimeout(1, TimeUnit.MILLISECONDS);
        awaitTrue("the timeout broke the round", b::isBroken);
        assertTrue(failureOf(gaveUp) instanceof TimeoutException);
        assertTrue(failureOf(other) instanceof BrokenBarrierException);
    }

    @Test
    void theDefaultTimeoutBreaksTheRoundAsForAwait() {
        Barrier b = Barrier.builder(2).defaultTimeout(Duration.ofMillis(20)).build();
        CompletableFuture<Integer> alone = b.awaitAsync();
        Throwable failure = failureOf(alone);
        assertTrue(failure instanceof BrokenBarrierException, String.valueOf(failure));
        assertTrue(failure.getCause() instanceof TimeoutException);
        assertTrue(b.isBroken());
    }

    @Test
    void completesOnTheGivenExecutor() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "loop"));
        try {
            Barrier b = new Barrier(2);
            CompletableFuture<String> where = b.awaitAsync(loop)
                    .thenApply(i -> Thread.currentThread().getName());
            b.awaitAsync();
            assertEquals("loop", where.get(LONG, TimeUnit.MILLISECONDS));
        } finally {
            loop.shutdownNow();
        }
    }

    /**
     * Two asynchronous parties that arrive again from their callbacks, completed on one event
     * loop thread, run 10,000 rounds without any thread blocking. (A callback registered on a
     * future that is already complete runs at once in the registering thread, as everywhere in
     * CompletableFuture; a loop through the executor keeps the stack flat.)
     */
    @Test
    void manyRoundsDrivenByCallbacksOnAnEventLoop() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "loop"));
        try {
            Barrier b = new Barrier(2);
            int rounds = 10_000;
            AtomicInteger done = new AtomicInteger();
            CompletableFuture<Void> finished = new CompletableFuture<>();
            Runnable[] party = new Runnable[1];
            party[0] = () -> b.awaitAsync(loop).thenRun(() -> {
                if (done.incrementAndGet() < 2 * rounds) {
                    party[0].run();
                } else {
                    finished.complete(null);
                }
            });
            loop.execute(party[0]);
            loop.execute(party[0]);
            finished.get(LONG, TimeUnit.MILLISECONDS);
            awaitTrue("the last round is counted", () -> b.generation() == rounds);
        } finally {
            loop.shutdownNow();
        }
    }
}
