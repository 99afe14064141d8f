package io.github.signalbox.barriers;

import static io.github.signalbox.TestThreads.awaitParked;
import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.OptionalInt;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The contract of {@link Barrier}, one test per clause. */
class BarrierTest {

    /** The waiting flavours (tryAwait has its own test). */
    enum Flavour {
        INTERRUPTIBLE {
            @Override
            int await(Barrier b) throws Exception {
                return b.await();
            }
        },
        UNINTERRUPTIBLE {
            @Override
            int await(Barrier b) throws Exception {
                return b.awaitUninterruptibly();
            }
        },
        TIMED_DURATION {
            @Override
            int await(Barrier b) throws Exception {
                return b.await(Duration.ofMinutes(1));
            }
        },
        TIMED_UNIT {
            @Override
            int await(Barrier b) throws Exception {
                return b.await(1, TimeUnit.MINUTES);
            }
        };

        abstract int await(Barrier b) throws Exception;
    }

    @ParameterizedTest
    @EnumSource(Flavour.class)
    void tripsGenerationAfterGenerationWithUniqueArrivalIndices(Flavour flavour) throws Exception {
        int parties = 3;
        int rounds = 50;
        Barrier b = new Barrier(parties);
        List<List<Integer>> indices = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            indices.add(new CopyOnWriteArrayList<>());
        }
        try (TestThreads threads = new TestThreads()) {
            for (int p = 0; p < parties; p++) {
                threads.start("party-" + p, () -> {
                    for (int r = 0; r < rounds; r++) {
                        indices.get(r).add(flavour.await(b));
                    }
                });
            }
        }
        for (List<Integer> round : indices) {
            List<Integer> sorted = new ArrayList<>(round);
            Collections.sort(sorted);
            assertEquals(List.of(0, 1, 2), sorted);
        }
        assertEquals(rounds, b.generation());
        assertEquals(0, b.numberWaiting());
        assertFalse(b.isBroken());
    }

    @Test
    void firstArrivalGetsZeroAndTheLastGetsPartiesMinusOne() throws Exception {
        Barrier b = new Barrier(3);
        List<String> got = new CopyOnWriteArrayList<>();
        try (TestThreads threads = new TestThreads()) {
            threads.start("first", () -> got.add("first=" + b.await()));
            awaitTrue("first waiting", () -> b.numberWaiting() == 1);
            threads.start("second", () -> got.add("second=" + b.await()));
            awaitTrue("second waiting", () -> b.numberWaiting() == 2);
            assertEquals(2, b.await());
        }
        assertTrue(got.containsAll(List.of("first=0", "second=1")), got.toString());
    }

    @Test
    void actionRunsOncePerRoundBeforeAnyPartyIsReleased() throws Exception {
        AtomicInteger released = new AtomicInteger();
        AtomicInteger actions = new AtomicInteger();
        ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
        int parties = 3;
        int rounds = 100;
        Barrier b = new Barrier(parties, () -> {
            int round = actions.incrementAndGet();
            if (released.get() != (round - 1) * parties) {
                problems.add("round " + round + ": a party returned before the action ran");
            }
        });
        try (TestThreads threads = new TestThreads()) {
            for (int p = 0; p < parties; p++) {
                threads.start("party-" + p, () -> {
                    for (int r = 0; r < rounds; r++) {
                        b.await();
                        released.incrementAndGet();
                        // wait until every party of this round returned, so rounds do not overlap
                        int target = (r + 1) * parties;
                        awaitTrue("round " + r + " released", () -> released.get() >= target);
                    }
                });
            }
        }
        assertEquals(rounds, actions.get());
        assertEquals(List.of(), List.copyOf(problems));
        assertTrue(b.hasAction());
    }

    @Test
    void failingActionBreaksTheBarrierForEveryPartyWithTheCause() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        Barrier b = new Barrier(2, () -> {
            throw boom;
        });
        try (TestThreads threads = new TestThreads()) {
            threads.start("waiter", () -> {
                BrokenBarrierException e = assertThrows(BrokenBarrierException.class, b::await);
                assertSame(boom, e.getCause());
            });
            awaitTrue("waiter waiting", () -> b.numberWaiting() == 1);
            BrokenBarrierException e = assertThrows(BrokenBarrierException.class, b::await);
            assertSame(boom, e.getCause(), "the tripping party gets it as the cause too");
            assertTrue(e.getMessage().contains("action failed"), e.getMessage());
        }
        assertTrue(b.isBroken());
        BrokenBarrierException later = assertThrows(BrokenBarrierException.class, b::await);
        assertSame(boom, later.getCause());
        b.reset();
        assertFalse(b.isBroken());
    }

    @Test
    void anActionThatUsesItsOwnBarrierBreaksTheRoundInsteadOfHanging() throws Exception {
        AtomicReference<Barrier> self = new AtomicReference<>();
        List<String> calls = List.of("await", "tryAwait", "register", "arriveAndDeregister",
                "abort", "reset");
        for (String call : calls) {
            Barrier b = new Barrier(1, () -> {
                Barrier me = self.get();
                try {
                    switch (call) {
                        case "await": me.await(); break;
                        case "tryAwait": me.tryAwait(); break;
                        case "register": me.register(); break;
                        case "arriveAndDeregister": me.arriveAndDeregister(); break;
                        case "abort": me.abort(); break;
                        default: me.reset();
                    }
                } catch (InterruptedException | BrokenBarrierException e) {
                    throw new AssertionError(e);
                }
            });
            self.set(b);
            BrokenBarrierException e = assertThrows(BrokenBarrierException.class, b::await, call);
            assertTrue(e.getCause() instanceof IllegalStateException, call + ": " + e.getCause());
            assertTrue(e.getCause().getMessage().contains("action"), e.getCause().getMessage());
            assertEquals(1, b.parties(), call + " changed nothing");
            assertEquals(0, b.generation(), call);
            b.reset();
            assertFalse(b.isBroken());
        }
    }

    @Test
    void indicesStayUniqueAndInArrivalOrderAfterWithdrawals() throws Exception {
        Barrier b = Barrier.builder(4).timeoutPolicy(TimeoutPolicy.WITHDRAW).build();
        CompletableFuture<Integer> first = b.awaitAsync();
        CompletableFuture<Integer> middle = b.awaitAsync();
        CompletableFuture<Integer> second = b.awaitAsync();
        assertTrue(middle.cancel(false), "still open: the cancel withdraws (from the middle)");
        CompletableFuture<Integer> newest = b.awaitAsync();
        assertTrue(newest.cancel(false), "withdraws the newest arrival");
        assertEquals(2, b.numberWaiting());
        CompletableFuture<Integer> third = b.awaitAsync();
        CompletableFuture<Integer> fourth = b.awaitAsync();
        assertEquals(List.of(0, 1, 2, 3),
                List.of(first.join(), second.join(), third.join(), fourth.join()));
        assertEquals(1, b.generation());
        assertEquals(0, b.numberWaiting());
        // the next round numbers from 0 again, without withdrawals
        CompletableFuture<Integer> a = b.awaitAsync();
        CompletableFuture<Integer> c = b.awaitAsync();
        CompletableFuture<Integer> d = b.awaitAsync();
        assertEquals(3, b.tryAwait().orElseThrow());
        assertEquals(List.of(0, 1, 2), List.of(a.join(), c.join(), d.join()));
    }

    @Test
    void abortBreaksWaitingAndLaterPartiesUntilReset() throws Exception {
        Barrier b = new Barrier(3);
        try (TestThreads threads = new TestThreads()) {
            for (int i = 0; i < 2; i++) {
                threads.start("waiter-" + i, () -> {
                    BrokenBarrierException e = assertThrows(BrokenBarrierException.class,
                            b::awaitUninterruptibly);
                    assertTrue(e.getMessage().contains("aborted by thread main"), e.getMessage());
                });
            }
            awaitTrue("two waiting", () -> b.numberWaiting() == 2);
            b.abort();
        }
        assertTrue(b.isBroken());
        assertEquals(0, b.numberWaiting());
        assertThrows(BrokenBarrierException.class, b::await);
        assertThrows(BrokenBarrierException.class, () -> b.await(Duration.ofSeconds(1)));
        assertThrows(BrokenBarrierException.class, b::tryAwait);
        b.abort(); // idempotent
        b.reset();
        assertFalse(b.isBroken());
        roundTrip(b);
    }

    @Test
    void resetBreaksOnlyTheRoundInProgress() throws Exception {
        Barrier b = new Barrier(2);
        try (TestThreads threads = new TestThreads()) {
            threads.start("waiter", () -> {
                BrokenBarrierException e = assertThrows(BrokenBarrierException.class, b::await);
                assertTrue(e.getMessage().contains("reset"), e.getMessage());
            });
            awaitTrue("waiter waiting", () -> b.numberWaiting() == 1);
            b.reset();
        }
        assertFalse(b.isBroken(), "reset leaves the barrier usable");
        assertEquals(0, b.numberWaiting());
        roundTrip(b);
    }

    @Test
    void timeoutBreaksTheBarrierUnderTheBreakPolicy() throws Exception {
        Barrier b = new Barrier(3);
        try (TestThreads threads = new TestThreads()) {
            threads.start("patient", () -> {
                BrokenBarrierException e = assertThrows(BrokenBarrierException.class, b::await);
                assertInstanceOf(TimeoutException.class, e.getCause());
            });
            awaitTrue("patient waiting", () -> b.numberWaiting() == 1);
            assertThrows(TimeoutException.class, () -> b.await(Duration.ofMillis(30)));
        }
        assertTrue(b.isBroken());
    }

    @Test
    void zeroTimeoutWhenNotLastTimesOutAtOnce() throws Exception {
        Barrier b = new Barrier(2);
        assertThrows(TimeoutException.class, () -> b.await(Duration.ZERO));
        assertTrue(b.isBroken(), "BREAK: like CyclicBarrier.await(0, unit)");
        Barrier w = Barrier.builder(2).timeoutPolicy(TimeoutPolicy.WITHDRAW).build();
        assertThrows(TimeoutException.class, () -> w.await(-1, TimeUnit.SECONDS));
        assertFalse(w.isBroken());
        assertEquals(0, w.numberWaiting());
    }

    @Test
    void timeoutWithdrawsOnlyTheTimedOutPartyUnderTheWithdrawPolicy() throws Exception {
        Barrier b = Barrier.builder(3).timeoutPolicy(TimeoutPolicy.WITHDRAW).build();
        List<Integer> indices = new CopyOnWriteArrayList<>();
        try (TestThreads threads = new TestThreads()) {
            threads.start("patient", () -> indices.add(b.await()));
            awaitTrue("patient waiting", () -> b.numberWaiting() == 1);
            assertThrows(TimeoutException.class, () -> b.await(Duration.ofMillis(30)));
            assertFalse(b.isBroken());
            assertEquals(1, b.numberWaiting(), "the timed-out arrival was withdrawn");
            threads.start("second", () -> indices.add(b.await()));
            awaitTrue("second waiting", () -> b.numberWaiting() == 2);
            indices.add(b.await());
        }
        List<Integer> sorted = new ArrayList<>(indices);
        Collections.sort(sorted);
        assertEquals(List.of(0, 1, 2), sorted, "indices stay unique after a withdrawal");
        assertEquals(1, b.generation());
    }

    @ParameterizedTest
    @EnumSource(TimeoutPolicy.class)
    void interruptWhileWaitingFollowsThePolicy(TimeoutPolicy policy) throws Exception {
        Barrier b = Barrier.builder(3).timeoutPolicy(policy).build();
        try (TestThreads threads = new TestThreads()) {
            Thread other = threads.start("other", () -> {
                if (policy == TimeoutPolicy.BREAK) {
                    assertThrows(BrokenBarrierException.class, b::await);
                } else {
                    b.await();
                }
            });
            awaitTrue("other waiting", () -> b.numberWaiting() == 1);
            Thread victim = threads.start("victim", () ->
                    assertThrows(InterruptedException.class, b::await));
            awaitTrue("victim waiting", () -> b.numberWaiting() == 2);
            victim.interrupt();
            victim.join(TestThreads.LONG_DELAY_MS);
            assertFalse(victim.isAlive());
            if (policy == TimeoutPolicy.BREAK) {
                assertTrue(b.isBroken());
            } else {
                assertFalse(b.isBroken());
                assertEquals(1, b.numberWaiting());
                threads.start("late", b::await);
                awaitTrue("late waiting", () -> b.numberWaiting() == 2);
                assertEquals(2, b.await(Duration.ofMinutes(1)));
                other.join(TestThreads.LONG_DELAY_MS);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TimeoutPolicy.class)
    void interruptedOnEntryFollowsThePolicy(TimeoutPolicy policy) {
        Barrier b = Barrier.builder(2).timeoutPolicy(policy).build();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, b::await);
        assertFalse(Thread.interrupted(), "the status is cleared");
        assertEquals(policy == TimeoutPolicy.BREAK, b.isBroken());
        assertEquals(0, b.numberWaiting());
    }

    @Test
    void uninterruptibleAwaitKeepsWaitingAndKeepsTheStatus() throws Exception {
        Barrier b = new Barrier(2);
        try (TestThreads threads = new TestThreads()) {
            Thread waiter = threads.start("waiter", () -> {
                assertEquals(0, b.awaitUninterruptibly());
                assertTrue(Thread.interrupted(), "the interrupt is kept");
            });
            awaitTrue("waiter waiting", () -> b.numberWaiting() == 1);
            awaitParked(waiter);
            waiter.interrupt();
            awaitParked(waiter);
            assertEquals(1, b.numberWaiting());
            assertFalse(b.isBroken());
            assertEquals(1, b.await());
        }
    }

    @Test
    void defaultTimeoutBreaksTheBarrierWithATimeoutCause() throws Exception {
        Barrier b = new Barrier(2, () -> { }, Duration.ofMillis(30));
        assertEquals(Duration.ofMillis(30), b.defaultTimeout().orElseThrow());
        BrokenBarrierException e = assertThrows(BrokenBarrierException.class, b::await);
        assertInstanceOf(TimeoutException.class, e.getCause());
        assertTrue(b.isBroken());
        b.reset();
        BrokenBarrierException u = assertThrows(BrokenBarrierException.class,
                b::awaitUninterruptibly);
        assertInstanceOf(TimeoutException.class, u.getCause());
    }

    @Test
    void tryAwaitArrivesOnlyWhenItTripsTheBarrier() throws Exception {
        AtomicInteger trips = new AtomicInteger();
        Barrier b = new Barrier(2, trips::incrementAndGet);
        assertEquals(OptionalInt.empty(), b.tryAwait());
        assertEquals(0, b.numberWaiting(), "a failed tryAwait does not arrive");
        try (TestThreads threads = new TestThreads()) {
            threads.start("waiter", () -> assertEquals(0, b.await()));
            awaitTrue("waiter waiting", () -> b.numberWaiting() == 1);
            assertEquals(OptionalInt.of(1), b.tryAwait());
        }
        assertEquals(1, trips.get());
        assertEquals(OptionalInt.of(0), new Barrier(1).tryAwait());
    }

    @Test
    void registerMakesTheRoundWaitForOneMoreParty() throws Exception {
        Barrier b = new Barrier(1);
        assertEquals(2, b.register());
        try (TestThreads threads = new TestThreads()) {
            threads.start("waiter", b::await);
            awaitTrue("waiter waiting", () -> b.numberWaiting() == 1);
            assertEquals(3, b.register());
            assertThrows(TimeoutException.class, () -> b.tryAwait().orElseThrow(
                    () -> new TimeoutException("not the last: 3 parties now")));
            threads.start("second", b::await);
            awaitTrue("second waiting", () -> b.numberWaiting() == 2);
            assertEquals(2, b.await());
        }
        assertEquals(3, b.parties());
    }

    @Test
    void arriveAndDeregisterTripsTheBarrierWhenItWasTheLastAwaited() throws Exception {
        AtomicInteger trips = new AtomicInteger();
        Barrier b = new Barrier(3, trips::incrementAndGet);
        try (TestThreads threads = new TestThreads()) {
            threads.start("a", () -> assertEquals(0, b.await()));
            awaitTrue("a waiting", () -> b.numberWaiting() == 1);
            threads.start("b", () -> assertEquals(1, b.await()));
            awaitTrue("b waiting", () -> b.numberWaiting() == 2);
            b.arriveAndDeregister();
        }
        assertEquals(1, trips.get(), "the deregistering thread ran the action");
        assertEquals(2, b.parties());
        roundTrip(b);
        b.arriveAndDeregister();
        assertEquals(1, b.parties());
        assertEquals(OptionalInt.of(0), b.tryAwait());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                b::arriveAndDeregister);
        assertTrue(e.getMessage().contains("last party"), e.getMessage());
        assertEquals(1, b.parties(), "state unchanged");
    }

    @Test
    void deregisteringPartyThatRunsAFailingActionGetsTheFailure() throws Exception {
        IllegalStateException boom = new IllegalStateException("boom");
        Barrier b = new Barrier(2, () -> {
            throw boom;
        });
        try (TestThreads threads = new TestThreads()) {
            threads.start("waiter", () -> assertSame(boom,
                    assertThrows(BrokenBarrierException.class, b::await).getCause()));
            awaitTrue("waiter waiting", () -> b.numberWaiting() == 1);
            assertSame(boom, assertThrows(IllegalStateException.class, b::arriveAndDeregister));
        }
        assertTrue(b.isBroken());
    }

    @Test
    void invalidArgumentsThrowClearly() {
        assertThrows(IllegalArgumentException.class, () -> new Barrier(0));
        assertThrows(IllegalArgumentException.class, () -> Barrier.builder(-3));
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
                () -> new Barrier(65_536));
        assertTrue(tooMany.getMessage().contains("65535"), tooMany.getMessage());
        assertThrows(NullPointerException.class, () -> new Barrier(2, null));
        assertThrows(NullPointerException.class, () -> new Barrier(2, () -> { }, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Barrier(2, () -> { }, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> Barrier.builder(2).timeoutPolicy(null));
        IllegalArgumentException mix = assertThrows(IllegalArgumentException.class,
                () -> Barrier.builder(2).defaultTimeout(Duration.ofSeconds(1))
                        .timeoutPolicy(TimeoutPolicy.WITHDRAW).build());
        assertTrue(mix.getMessage().contains("BREAK"), mix.getMessage());
        Barrier b = new Barrier(2);
        assertThrows(NullPointerException.class, () -> b.await(null));
        assertThrows(NullPointerException.class, () -> b.await(1, null));
        assertEquals(0, b.numberWaiting(), "a rejected call does not arrive");
        assertFalse(b.isBroken());
    }

    @Test
    void introspectionAndToString() throws Exception {
        Barrier b = new Barrier(2);
        assertEquals(2, b.parties());
        assertEquals(TimeoutPolicy.BREAK, b.timeoutPolicy());
        assertTrue(b.defaultTimeout().isEmpty());
        assertFalse(b.hasAction());
        try (TestThreads threads = new TestThreads()) {
            threads.start("waiter", b::await);
            awaitTrue("waiter waiting", () -> b.numberWaiting() == 1);
            assertTrue(b.toString().matches("Barrier@\\p{XDigit}+\\[parties=2, waiting=1,"
                    + " broken=false, generation=0, policy=BREAK]"), b.toString());
            b.await();
        }
        assertEquals(1, b.generation());
    }

    @Test
    void registerStopsAtTheMostPartiesAndChangesNothing() {
        Barrier b = new Barrier(65_535);
        IllegalStateException full = assertThrows(IllegalStateException.class, b::register);
        assertTrue(full.getMessage().contains("65535"), full.getMessage());
        assertEquals(65_535, b.parties());
        assertEquals(0, b.numberWaiting());
        b.arriveAndDeregister();
        assertEquals(65_535, b.register());
        assertFalse(b.isBroken());
    }

    /**
     * The round number in the barrier's word has 29 bits; the round after the last is 0. Parked,
     * asynchronous and spinning parties, indices and generations go on across that wrap.
     */
    @Test
    void roundsGoOnAcrossTheWrapOfTheRoundNumber() throws Exception {
        Barrier b = new Barrier(Barrier.builder(2), (owner, parties, action, policy) -> {
            BarrierEngine engine = new BarrierEngine(owner, parties, action, policy);
            engine.startAtRound(BarrierEngine.LAST_ROUND - 1);
            return engine;
        });
        for (long generation = 1; generation <= 4; generation++) {
            CompletableFuture<Integer> early = b.awaitAsync();
            assertEquals(1, b.await(Duration.ofMinutes(1)));
            assertEquals(0, early.join());
            assertEquals(generation, b.generation());
        }
        try (TestThreads threads = new TestThreads()) {
            for (int round = 0; round < 3; round++) {
                Thread parked = threads.start("parked-" + round, b::await);
                awaitParked(parked);
                assertEquals(1, b.await(Duration.ofMinutes(1)));
            }
        }
        assertEquals(7, b.generation());
        assertFalse(b.isBroken());
    }

    /** One complete round with the main thread and a helper as the parties. */
    private static void roundTrip(Barrier b) throws Exception {
        try (TestThreads threads = new TestThreads()) {
            for (int p = 1; p < b.parties(); p++) {
                threads.start("helper-" + p, b::await);
            }
            b.await(Duration.ofMinutes(1));
        }
    }
}
