package io.github.signalbox.semaphores;

import static io.github.signalbox.TestThreads.awaitParked;
import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * acquireAsync(): immediate and queued grants, one arrival order with waiting threads, multi-permit
 * requests, where completions run, withdrawal however the future completes, and bad input.
 */
class AsyncSemaphoreTest {

    private static final long LONG = TestThreads.LONG_DELAY_MS;

    @ParameterizedTest
    @EnumSource(Fairness.class)
    void availablePermitsAreGrantedAtOnceAndBelongToTheHandle(Fairness fairness)
            throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(3, fairness);
        CompletableFuture<Permit> f = s.acquireAsync(2);
        assertTrue(f.isDone());
        Permit p = f.join();
        assertEquals(2, p.permits());
        assertEquals(1, s.availablePermits());
        Thread closer = new Thread(p::close);
        closer.start();
        closer.join();
        assertEquals(3, s.availablePermits());
        p.close();
        assertEquals(3, s.availablePermits(), "a second close does nothing");
    }

    @Test
    void multiPermitRequestWaitsForAllItsPermitsThenHoldsThemAsOneHandle() {
        BoundedSemaphore s = BoundedSemaphore.fifo(3);
        s.acquireUninterruptibly(3);
        CompletableFuture<Permit> f = s.acquireAsync(3);
        assertEquals(1, s.getQueueLength());
        s.release();
        s.release();
        assertFalse(f.isDone());
        assertEquals(2, s.availablePermits(), "not taken until all three fit");
        s.release();
        assertTrue(f.isDone());
        assertEquals(0, s.availablePermits());
        f.join().close();
        assertEquals(3, s.availablePermits());
    }

    /** FIFO: threads and futures are served in one arrival order, big requests included. */
    @Test
    void fifoServesThreadsAndFuturesInOneArrivalOrder() throws Exception {
        BoundedSemaphore s = BoundedSemaphore.fifo(3);
        s.acquireUninterruptibly(3);
        List<String> order = new CopyOnWriteArrayList<>();
        try (TestThreads threads = new TestThreads()) {
            CompletableFuture<Permit> a1 = s.acquireAsync(2);
            a1.thenAccept(p -> order.add("A1"));
            Thread t2 = threads.start("T2", () -> {
                s.acquireUninterruptibly(3);
                order.add("T2");
                s.release(3);
            });
            awaitTrue("T2 queued", () -> s.getQueueLength() == 2);
            awaitParked(t2);
            CompletableFuture<Permit> a3 = s.acquireAsync(1);
            a3.thenAccept(p -> order.add("A3"));
            assertFalse(s.tryAcquire(), "FIFO: nobody barges past the queue");
            s.release(3);
            assertEquals(List.of("A1"), order, "T2 waits for A1's permits, A3 behind T2");
            assertEquals(1, s.availablePermits(), "a permit is free, yet A3 waits its turn");
            a1.join().close();
            t2.join(LONG);
            assertEquals(List.of("A1", "T2", "A3"), order);
            a3.join().close();
        }
        assertEquals(3, s.availablePermits());
        assertEquals(0, s.getQueueLength());
    }

    @Test
    void completesOnTheReleasingThreadOrOnTheGivenExecutor() throws Exception {
        BoundedSemaphore s = BoundedSemaphore.fifo(1);
        s.acquireUninterruptibly();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CompletableFuture<Permit> f = s.acquireAsync();
        f.thenAccept(p -> ranOn.set(Thread.currentThread()));
        Thread releaser = new Thread(s::release, "releaser");
        releaser.start();
        releaser.join();
        assertSame(releaser, ranOn.get());
        f.join().close();

        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "loop"));
        try {
            s.acquireUninterruptibly();
            CompletableFuture<Permit> viaLoop = s.acquireAsync(1, loop);
            CompletableFuture<String> where =
                    viaLoop.thenApply(p -> Thread.currentThread().getName());
            s.release();
            assertEquals("loop", where.get(LONG, TimeUnit.MILLISECONDS));
            viaLoop.join().close();
        } finally {
            loop.shutdownNow();
        }
        BoundedSemaphore t = BoundedSemaphore.fifo(1);
        t.acquireUninterruptibly();
        CompletableFuture<Permit> rejected = t.acquireAsync(1, task -> {
            throw new RejectedExecutionException("shut down");
        });
        t.release();
        assertTrue(rejected.isCompletedExceptionally());
        assertEquals(1, t.availablePermits(), "the grant went back to the semaphore");
    }

    @ParameterizedTest
    @EnumSource(Fairness.class)
    void cancelTimeoutOrForeignCompletionWithdrawsTheRequest(Fairness fairness) {
        BoundedSemaphore s = new BoundedSemaphore(2, fairness);
        s.acquireUninterruptibly(2);
        CompletableFuture<Permit> cancelled = s.acquireAsync();
        CompletableFuture<Permit> timedOut = s.acquireAsync(2);
        CompletableFuture<Permit> completedByCaller = s.acquireAsync();
        assertEquals(3, s.getQueueLength());
        // the timeout starts only now: with orTimeout on the request above, a loaded machine
        // fired it before the queue was counted (CI, JDK 25 run: 2 instead of 3)
        timedOut.orTimeout(1, TimeUnit.MILLISECONDS);
        assertTrue(cancelled.cancel(false));
        assertTrue(completedByCaller.complete(null));
        awaitTrue("the timeout fired and withdrew its request", () -> timedOut.isDone()
                && s.getQueueLength() == 0);
        s.release(2);
        assertEquals(2, s.availablePermits(), "no grant went to a finished future");
    }

    /** A big request at the head that is withdrawn lets the smaller ones behind it in. */
    @Test
    void withdrawingABigHeadRequestServesTheSmallerOnesBehindIt() {
        BoundedSemaphore s = BoundedSemaphore.fifo(3);
        s.acquireUninterruptibly(2);
        CompletableFuture<Permit> big = s.acquireAsync(3);
        CompletableFuture<Permit> small = s.acquireAsync(1);
        assertFalse(small.isDone(), "FIFO: the small one waits behind the big one");
        big.cancel(false);
        assertTrue(small.isDone());
        small.join().close();
        s.release(2);
        assertEquals(3, s.availablePermits());
    }

    @Test
    void raisingTheBoundServesQueuedRequests() {
        BoundedSemaphore s = BoundedSemaphore.fifo(1);
        s.acquireUninterruptibly();
        CompletableFuture<Permit> f = s.acquireAsync();
        s.setBound(2);
        assertTrue(f.isDone());
        f.join().close();
        s.release();
        assertEquals(2, s.availablePermits());
    }

    @Test
    void grantRacingCancelNeverLosesAPermit() throws Exception {
        BoundedSemaphore s = BoundedSemaphore.fifo(2);
        for (int i = 0; i < 2_000; i++) {
            s.acquireUninterruptibly(2);
            CompletableFuture<Permit> f = s.acquireAsync(i % 2 + 1);
            Thread canceller = new Thread(() -> f.cancel(false));
            canceller.start();
            s.release(2);
            canceller.join();
            if (!f.isCancelled()) {
                f.join().close();
            }
            assertEquals(2, s.availablePermits(), "iteration " + i);
            assertEquals(0, s.getQueueLength(), "iteration " + i);
        }
    }

    @Test
    void badInputIsRejectedAndChangesNothing() {
        BoundedSemaphore s = BoundedSemaphore.fifo(2);
        assertThrows(IllegalArgumentException.class, () -> s.acquireAsync(0));
        assertThrows(IllegalArgumentException.class, () -> s.acquireAsync(3));
        assertThrows(NullPointerException.class, () -> s.acquireAsync(1, null));
        assertEquals(2, s.availablePermits());
        assertEquals(0, s.getQueueLength());
    }

    /** 100,000 asynchronous requests on one semaphore, each closing its permit in its callback. */
    @ParameterizedTest
    @EnumSource(Fairness.class)
    void hundredThousandAsyncWaitersCompleteWithoutBlockingAndLeaveNothing(Fairness fairness) {
        BoundedSemaphore s = new BoundedSemaphore(3, fairness);
        int n = 100_000;
        s.acquireUninterruptibly(3);
        int[] served = new int[1];
        List<CompletableFuture<Void>> done = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            done.add(s.acquireAsync(i % 3 + 1).thenAccept(p -> {
                served[0]++; // every completion runs on this thread: no race
                p.close();
            }));
        }
        assertEquals(n, s.getQueueLength());
        s.release(3);
        assertEquals(n, served[0]);
        assertTrue(done.stream().allMatch(d -> d.isDone() && !d.isCompletedExceptionally()));
        assertEquals(0, s.getQueueLength());
        assertEquals(3, s.availablePermits());

        s.acquireUninterruptibly(3);
        List<CompletableFuture<Permit>> cancelled = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cancelled.add(s.acquireAsync());
        }
        cancelled.forEach(f -> f.cancel(false));
        assertEquals(0, s.getQueueLength(), "cancelled requests leave no registration");
        s.release(3);
        assertEquals(3, s.availablePermits());
    }
}
