package io.github.signalbox.semaphores;

import static io.github.signalbox.TestThreads.awaitParked;
import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract of {@link BoundedSemaphore}, one test per clause. */
class BoundedSemaphoreTest {

    /** The acquire flavours, each taking {@code n} permits and returning how to give them back. */
    enum Flavour {
        UNINTERRUPTIBLE {
            @Override
            Runnable acquire(BoundedSemaphore s, int n) {
                s.acquireUninterruptibly(n);
                return () -> s.release(n);
            }
        },
        INTERRUPTIBLE {
            @Override
            Runnable acquire(BoundedSemaphore s, int n) throws InterruptedException {
                s.acquire(n);
                return () -> s.release(n);
            }
        },
        TIMED_DURATION {
            @Override
            Runnable acquire(BoundedSemaphore s, int n) throws InterruptedException {
                assertTrue(s.tryAcquire(n, Duration.ofMinutes(1)));
                return () -> s.release(n);
            }
        },
        TIMED_UNIT {
            @Override
            Runnable acquire(BoundedSemaphore s, int n) throws InterruptedException {
                assertTrue(s.tryAcquire(n, 1, TimeUnit.MINUTES));
                return () -> s.release(n);
            }
        },
        PERMIT {
            @Override
            Runnable acquire(BoundedSemaphore s, int n) {
                return s.acquirePermitsUninterruptibly(n)::close;
            }
        },
        PERMIT_INTERRUPTIBLY {
            @Override
            Runnable acquire(BoundedSemaphore s, int n) throws InterruptedException {
                return s.acquirePermits(n)::close;
            }
        },
        PERMIT_TIMED {
            @Override
            Runnable acquire(BoundedSemaphore s, int n) throws Exception {
                return s.acquirePermits(n, Duration.ofMinutes(1))::close;
            }
        },
        PERMIT_TRY_TIMED {
            @Override
            Runnable acquire(BoundedSemaphore s, int n) throws Exception {
                return s.tryAcquirePermits(n, Duration.ofMinutes(1)).orElseThrow()::close;
            }
        };

        abstract Runnable acquire(BoundedSemaphore s, int n) throws Exception;
    }

    @Test
    void startsWithFewerPermitsThanItsBoundWhenAsked() throws Exception {
        BoundedSemaphore signal = new BoundedSemaphore(1, 0);
        assertEquals(1, signal.bound());
        assertEquals(0, signal.availablePermits());
        assertEquals(1, signal.permitsInUse());
        assertFalse(signal.tryAcquire());
        signal.release();
        assertThrows(OverReleaseException.class, signal::release);
        assertTrue(signal.tryAcquire());
        BoundedSemaphore barging = new BoundedSemaphore(5, 2, Fairness.BARGING);
        assertEquals(2, barging.availablePermits());
        assertEquals(Fairness.BARGING, barging.fairness());
        assertEquals(5, new BoundedSemaphore(5, 5).availablePermits());
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(3, -1));
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(3, 4));
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(0, 0));
        assertThrows(NullPointerException.class, () -> new BoundedSemaphore(3, 1, null));
    }

    @Test
    void withPermitRunsTheBodyHoldingOnePermitAndAlwaysGivesItBack() {
        BoundedSemaphore s = new BoundedSemaphore(2);
        assertEquals(1, (int) s.withPermit(s::permitsInUse));
        int[] inUse = new int[1];
        s.withPermit(() -> {
            inUse[0] = s.permitsInUse();
        });
        assertEquals(1, inUse[0]);
        IllegalStateException boom = new IllegalStateException("boom");
        assertSame(boom, assertThrows(IllegalStateException.class, () -> s.withPermit(() -> {
            throw boom;
        })));
        assertEquals(2, s.availablePermits(), "given back after the body threw");
        assertThrows(NullPointerException.class, () -> s.withPermit((Runnable) null));
        assertEquals(2, s.availablePermits());
    }

    @Test
    void timedTryAcquirePermitIsEmptyWhenTheTimeRunsOut() throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(1, 0);
        assertTrue(s.tryAcquirePermit(Duration.ofMillis(1)).isEmpty());
        assertTrue(s.tryAcquirePermit().isEmpty());
        assertEquals(0, s.getQueueLength());
        s.release();
        try (Permit p = s.tryAcquirePermit(Duration.ZERO).orElseThrow()) {
            assertEquals(0, s.availablePermits());
        }
        assertEquals(1, s.availablePermits());
    }

    @Test
    void startsWithAllPermitsAndShowsItsState() {
        BoundedSemaphore s = new BoundedSemaphore(3);
        assertEquals(3, s.bound());
        assertEquals(3, s.availablePermits());
        assertEquals(0, s.permitsInUse());
        assertEquals(Fairness.FIFO, s.fairness());
        assertEquals(0, s.getQueueLength());
        assertFalse(s.hasQueuedThreads());
        s.acquireUninterruptibly(2);
        assertTrue(s.toString().matches(
                "BoundedSemaphore@\\p{XDigit}+\\[FIFO, bound=3, available=1, inUse=2, queued=0]"),
                s.toString());
        assertEquals(Fairness.BARGING, BoundedSemaphore.barging(1).fairness());
        assertEquals(Fairness.FIFO, BoundedSemaphore.fifo(1).fairness());
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void everyFlavourTakesAndReturnsPermits(Flavour flavour) throws Exception {
        for (Fairness fairness : Fairness.values()) {
            BoundedSemaphore s = new BoundedSemaphore(3, fairness);
            Runnable giveBack = flavour.acquire(s, 2);
            assertEquals(1, s.availablePermits());
            assertEquals(2, s.permitsInUse());
            giveBack.run();
            assertEquals(3, s.availablePermits());
        }
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void everyFlavourWaitsUntilPermitsComeBack(Flavour flavour) throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(2);
        s.acquireUninterruptibly(2);
        CountDownLatch acquired = new CountDownLatch(1);
        try (TestThreads threads = new TestThreads()) {
            threads.start("waiter", () -> {
                flavour.acquire(s, 2).run();
                acquired.countDown();
            });
            awaitTrue("waiter queued", () -> s.getQueueLength() == 1);
            assertEquals(1, acquired.getCount());
            s.release();
            assertEquals(1, acquired.getCount(), "one permit is not enough");
            s.release();
            assertTrue(acquired.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
        }
        assertEquals(2, s.availablePermits());
    }

    @Test
    void tryAcquireTakesOnlyWhatIsAvailableNow() throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(2);
        assertTrue(s.tryAcquire());
        assertFalse(s.tryAcquire(2));
        assertTrue(s.tryAcquire());
        assertFalse(s.tryAcquire());
        assertFalse(s.tryAcquire(Duration.ZERO));
        assertFalse(s.tryAcquire(1, -5, TimeUnit.SECONDS));
        assertFalse(s.tryAcquire(1, Duration.ofMillis(10)));
        assertTrue(s.tryAcquirePermit().isEmpty());
        assertEquals(0, s.availablePermits());
        assertEquals(0, s.getQueueLength(), "the timed-out attempt left no trace");
    }

    @Test
    void overReleaseThrowsAndChangesNothing() {
        BoundedSemaphore s = new BoundedSemaphore(3);
        OverReleaseException e = assertThrows(OverReleaseException.class, s::release);
        assertTrue(e.getMessage().contains("above the bound 3"), e.getMessage());
        assertTrue(e.getMessage().contains(Thread.currentThread().getName()), e.getMessage());
        assertEquals(1, e.requested());
        assertEquals(3, e.available());
        assertEquals(3, e.bound());
        assertEquals(3, s.availablePermits());

        s.acquireUninterruptibly(2);
        assertThrows(OverReleaseException.class, () -> s.release(3));
        assertEquals(1, s.availablePermits(), "a partly possible release returns nothing");
        s.release(2);
        assertEquals(3, s.availablePermits());
        assertTrue(IllegalStateException.class.isAssignableFrom(OverReleaseException.class));
    }

    @Test
    void releaseInFinallyAfterAFailedAcquireIsCaughtInsteadOfInflatingTheSemaphore()
            throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(1);
        s.acquireUninterruptibly(); // the rightful holder
        try {
            if (s.tryAcquire(Duration.ofMillis(1))) {
                throw new AssertionError("the only permit is held");
            }
        } finally {
            s.release(); // the bug: releases although the acquire failed
        }
        // a plain Semaphore would now have 2 permits; the holder's own release is refused
        assertThrows(OverReleaseException.class, s::release);
        assertEquals(1, s.availablePermits());
        assertEquals(1, s.bound());
    }

    @Test
    void permitHandleReleasesExactlyOnce() throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(2);
        Permit p;
        try (Permit held = s.acquirePermitsUninterruptibly(2)) {
            p = held;
            assertEquals(2, held.permits());
            assertFalse(held.isReleased());
            assertEquals(0, s.availablePermits());
        }
        assertTrue(p.isReleased());
        p.close();
        assertEquals(2, s.availablePermits());
        assertTrue(p.toString().contains("released=true"), p.toString());

        Optional<Permit> maybe = s.tryAcquirePermit();
        assertTrue(maybe.isPresent());
        try (Permit q = maybe.get()) {
            assertEquals(1, s.availablePermits());
            assertEquals(1, q.permits());
        }
        assertEquals(2, s.availablePermits());
    }

    @Test
    void concurrentClosesReleaseOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            BoundedSemaphore s = new BoundedSemaphore(2);
            s.acquireUninterruptibly();
            Permit p = s.acquirePermitUninterruptibly();
            CountDownLatch go = new CountDownLatch(1);
            try (TestThreads threads = new TestThreads()) {
                threads.start("closer-1", () -> {
                    go.await();
                    p.close();
                });
                threads.start("closer-2", () -> {
                    go.await();
                    p.close();
                });
                go.countDown();
            }
            assertEquals(1, s.availablePermits());
        }
    }

    @Test
    void permitClosedBehindAPlainReleaseStaysOpen() {
        BoundedSemaphore s = new BoundedSemaphore(1);
        Permit p = s.acquirePermitUninterruptibly();
        s.release(); // the user returned the permit by hand
        assertThrows(OverReleaseException.class, p::close);
        assertFalse(p.isReleased());
        s.acquireUninterruptibly();
        p.close();
        assertTrue(p.isReleased());
        assertEquals(1, s.availablePermits());
    }

    @Test
    void timedPermitThrowsTimeoutExceptionAndTakesNothing() {
        BoundedSemaphore s = new BoundedSemaphore(2);
        s.acquireUninterruptibly();
        TimeoutException e = assertThrows(TimeoutException.class,
                () -> s.acquirePermits(2, Duration.ofMillis(20)));
        assertTrue(e.getMessage().contains("2 permit(s)"), e.getMessage());
        assertThrows(TimeoutException.class, () -> s.acquirePermits(2, 0, TimeUnit.SECONDS));
        assertEquals(1, s.availablePermits());
        assertEquals(0, s.getQueueLength());
    }

    @Test
    void permitCanBeClosedByAnotherThread() throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(1);
        Permit p = s.acquirePermitUninterruptibly();
        try (TestThreads threads = new TestThreads()) {
            threads.start("finisher", p::close);
        }
        assertEquals(1, s.availablePermits());
    }

    @Test
    void invalidArgumentsThrowAndChangeNothing() {
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(0));
        assertThrows(IllegalArgumentException.class, () -> new BoundedSemaphore(-1));
        assertThrows(NullPointerException.class, () -> new BoundedSemaphore(1, null));
        BoundedSemaphore s = new BoundedSemaphore(2);
        s.acquireUninterruptibly();
        IllegalArgumentException tooMany =
                assertThrows(IllegalArgumentException.class, () -> s.acquireUninterruptibly(3));
        assertTrue(tooMany.getMessage().contains("more than the bound 2"), tooMany.getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.acquireUninterruptibly(0));
        assertThrows(IllegalArgumentException.class, () -> s.acquire(-1));
        assertThrows(IllegalArgumentException.class, () -> s.tryAcquire(0));
        assertThrows(IllegalArgumentException.class, () -> s.tryAcquire(3, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> s.acquirePermitsUninterruptibly(0));
        assertThrows(IllegalArgumentException.class, () -> s.release(0));
        assertThrows(IllegalArgumentException.class, () -> s.release(-2));
        assertThrows(IllegalArgumentException.class, () -> s.setBound(0));
        assertThrows(NullPointerException.class, () -> s.tryAcquire((Duration) null));
        assertThrows(NullPointerException.class, () -> s.tryAcquire(1, 1, null));
        assertThrows(NullPointerException.class, () -> s.acquirePermit((Duration) null));
        assertThrows(NullPointerException.class, () -> s.acquirePermit(1, null));
        assertEquals(2, s.bound());
        assertEquals(1, s.availablePermits());
        assertEquals(1, s.permitsInUse());
    }

    @Test
    void fifoWaiterIsNotOvertakenByALaterSmallerRequest() throws Exception {
        BoundedSemaphore s = BoundedSemaphore.fifo(3);
        s.acquireUninterruptibly(2);
        List<String> order = new CopyOnWriteArrayList<>();
        try (TestThreads threads = new TestThreads()) {
            threads.start("big", () -> {
                s.acquireUninterruptibly(3);
                order.add("big");
                s.release(3);
            });
            awaitTrue("big queued", () -> s.getQueueLength() == 1);
            Thread small = threads.start("small", () -> {
                s.acquireUninterruptibly(1);
                order.add("small");
                s.release(1);
            });
            awaitTrue("small queued", () -> s.getQueueLength() == 2);
            awaitParked(small);
            assertFalse(s.tryAcquire(), "FIFO: tryAcquire does not barge past queued threads");
            assertEquals(1, s.availablePermits(), "one permit is free, yet small waits");
            assertEquals(List.of(), order);
            s.release(2);
        }
        assertEquals(List.of("big", "small"), order);
        assertEquals(3, s.availablePermits());
    }

    @Test
    void bargingLetsANewcomerTakeFreePermitsPastTheQueue() throws Exception {
        BoundedSemaphore s = BoundedSemaphore.barging(3);
        s.acquireUninterruptibly(2);
        try (TestThreads threads = new TestThreads()) {
            threads.start("big", () -> {
                s.acquireUninterruptibly(3);
                s.release(3);
            });
            awaitTrue("big queued", () -> s.getQueueLength() == 1);
            assertTrue(s.tryAcquire(), "barging: a free permit goes to the newcomer");
            s.release(3);
        }
        assertEquals(3, s.availablePermits());
    }

    @Test
    void timedOutHeadWaiterLetsTheSmallerWaitersBehindItThrough() throws Exception {
        BoundedSemaphore s = BoundedSemaphore.fifo(3);
        s.acquireUninterruptibly(2);
        AtomicInteger smallDone = new AtomicInteger();
        try (TestThreads threads = new TestThreads()) {
            threads.start("big", () -> assertFalse(s.tryAcquire(3, Duration.ofMillis(200))));
            awaitTrue("big queued", () -> s.getQueueLength() == 1);
            threads.start("small", () -> {
                s.acquireUninterruptibly(1);
                smallDone.incrementAndGet();
            });
            awaitTrue("small got its permit after big gave up", () -> smallDone.get() == 1);
        }
        assertEquals(0, s.getQueueLength());
        assertEquals(0, s.availablePermits());
        s.release(3);
        assertEquals(3, s.availablePermits());
    }

    @Test
    void interruptedWaiterLeavesNoTrace() throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(1);
        s.acquireUninterruptibly();
        try (TestThreads threads = new TestThreads()) {
            Thread waiter = threads.start("waiter", () ->
                    assertThrows(InterruptedException.class, s::acquire));
            awaitTrue("waiter queued", () -> s.getQueueLength() == 1);
            waiter.interrupt();
        }
        assertEquals(0, s.getQueueLength());
        assertEquals(0, s.availablePermits());
        s.release();
        assertEquals(1, s.availablePermits());
    }

    @Test
    void interruptedOnEntryThrowsEvenWhenPermitsAreFree() {
        BoundedSemaphore s = new BoundedSemaphore(1);
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, s::acquire);
        assertFalse(Thread.interrupted(), "the status is cleared");
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, () -> s.tryAcquire(Duration.ofSeconds(1)));
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, s::acquirePermit);
        assertFalse(Thread.interrupted());
        assertEquals(1, s.availablePermits());
    }

    @Test
    void uninterruptibleAcquireKeepsWaitingAndKeepsTheStatus() throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(1);
        s.acquireUninterruptibly();
        try (TestThreads threads = new TestThreads()) {
            Thread waiter = threads.start("waiter", () -> {
                s.acquireUninterruptibly();
                assertTrue(Thread.interrupted(), "the interrupt is kept");
                s.release();
            });
            awaitTrue("waiter queued", () -> s.getQueueLength() == 1);
            waiter.interrupt();
            awaitParked(waiter);
            assertEquals(1, s.getQueueLength(), "still waiting after the interrupt");
            s.release();
        }
        assertEquals(1, s.availablePermits());
    }

    @Test
    void raisingTheBoundAdmitsWaitersAtOnce() throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(1);
        s.acquireUninterruptibly();
        CountDownLatch both = new CountDownLatch(2);
        try (TestThreads threads = new TestThreads()) {
            for (String name : List.of("w1", "w2")) {
                threads.start(name, () -> {
                    s.acquireUninterruptibly();
                    both.countDown();
                });
            }
            awaitTrue("both queued", () -> s.getQueueLength() == 2);
            s.setBound(3);
            assertTrue(both.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
        }
        assertEquals(3, s.bound());
        assertEquals(3, s.permitsInUse());
        assertEquals(0, s.availablePermits());
    }

    @Test
    void loweringTheBoundNeverRevokesHeldPermits() {
        BoundedSemaphore s = new BoundedSemaphore(5);
        s.acquireUninterruptibly(4);
        s.setBound(2);
        assertEquals(2, s.bound());
        assertEquals(4, s.permitsInUse(), "held permits are not revoked");
        assertEquals(0, s.availablePermits());
        assertFalse(s.tryAcquire());
        s.release(2);
        assertEquals(0, s.availablePermits(), "the lower bound takes effect as permits return");
        assertEquals(2, s.permitsInUse());
        s.release();
        assertEquals(1, s.availablePermits());
        s.release();
        assertEquals(2, s.availablePermits());
        assertThrows(OverReleaseException.class, s::release);
        assertThrows(IllegalArgumentException.class, () -> s.acquireUninterruptibly(3));
        assertTrue(s.toString().contains("bound=2, available=2, inUse=0"), s.toString());
    }

    /**
     * The packed state word's edges: a release adds to the word directly when permits are
     * available, so a release may neither carry into the bound (permits in debt after the bound
     * was lowered) nor pass the bound when it is {@code Integer.MAX_VALUE}.
     */
    @Test
    void releasesAtTheEdgesOfThePackedStateKeepTheBoundExact() {
        BoundedSemaphore s = new BoundedSemaphore(Integer.MAX_VALUE, Fairness.BARGING);
        s.acquireUninterruptibly(Integer.MAX_VALUE);
        assertEquals(0, s.availablePermits());
        s.release(Integer.MAX_VALUE);
        assertEquals(Integer.MAX_VALUE, s.availablePermits());
        assertThrows(OverReleaseException.class, s::release);
        assertEquals(Integer.MAX_VALUE, s.availablePermits(), "a refused release changes nothing");
        assertEquals(Integer.MAX_VALUE, s.bound());

        BoundedSemaphore debt = new BoundedSemaphore(3, Fairness.BARGING);
        debt.acquireUninterruptibly(3);
        debt.setBound(1); // 3 in use, bound 1: available is -2 until two come back
        debt.release();
        debt.release();
        assertEquals(1, debt.bound(), "a release out of debt must not carry into the bound");
        assertEquals(0, debt.availablePermits());
        debt.release();
        assertEquals(1, debt.availablePermits());
        assertThrows(OverReleaseException.class, debt::release);
        assertEquals(1, debt.bound());
        assertEquals(0, debt.permitsInUse());
    }

    @Test
    void drainTakesEverythingAvailable() {
        BoundedSemaphore s = new BoundedSemaphore(4);
        s.acquireUninterruptibly();
        assertEquals(3, s.drainPermits());
        assertEquals(0, s.drainPermits());
        assertEquals(4, s.permitsInUse());
        s.release(4);
        assertEquals(4, s.availablePermits());
    }

    @ParameterizedTest
    @EnumSource(Fairness.class)
    void concurrentHoldersNeverExceedTheBound(Fairness fairness) throws Exception {
        BoundedSemaphore s = new BoundedSemaphore(2, fairness);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        try (TestThreads threads = new TestThreads()) {
            for (int t = 0; t < 4; t++) {
                threads.start("worker-" + t, () -> {
                    for (int i = 0; i < 2_000; i++) {
                        try (Permit p = s.acquirePermitUninterruptibly()) {
                            maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            inside.decrementAndGet();
                        }
                    }
                });
            }
        }
        assertTrue(maxInside.get() <= 2, "at most 2 holders, saw " + maxInside.get());
        assertEquals(2, s.availablePermits());
        assertEquals(0, s.getQueueLength());
    }

    /**
     * The shape of a readers-writers lock defect (a queued writer that a reader could see but
     * still pass): in FIFO mode a request that another thread can see queued is served before
     * that thread's own no-wait request for a single free permit.
     */
    @Test
    void aRequestThatCanBeSeenQueuedIsNotPassedInFifoMode() throws Exception {
        for (int round = 0; round < 200; round++) {
            BoundedSemaphore s = new BoundedSemaphore(2, 1); // one free, the waiter wants two
            boolean[] passed = new boolean[1];
            try (TestThreads threads = new TestThreads()) {
                threads.start("waiter", () -> {
                    s.acquire(2);
                    s.release(2);
                });
                Thread observer = threads.start("observer", () -> {
                    while (s.getQueueLength() == 0) {
                        Thread.onSpinWait();
                    }
                    passed[0] = s.tryAcquire();
                    if (passed[0]) {
                        s.release();
                    }
                    s.release(); // now the waiter can have both
                });
                observer.join(TestThreads.LONG_DELAY_MS);
            }
            assertFalse(passed[0], "round " + round + ": a later request passed a queued one");
        }
    }
}
