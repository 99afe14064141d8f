package io.github.signalbox.stress.barriers;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.barriers.Barrier;
import io.github.signalbox.barriers.TimeoutPolicy;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress tests of {@link Barrier}, one nested class per property; each says what it proves. Run
 * one alone with {@code java -jar stress-tests/target/jcstress.jar -t BarrierTests.ArrivalIndicesUnique}.
 */
public final class BarrierTests {

    private BarrierTests() {
    }

    /** Waits at {@code barrier}; returns the arrival index, or -1 if the barrier broke. */
    static int arrive(Barrier barrier) {
        try {
            return barrier.awaitUninterruptibly();
        } catch (BrokenBarrierException e) {
            return -1;
        }
    }

    /** Shared body of the wake-up test (also run against the mutants). */
    public abstract static class TwoPartyBody {
        protected final Barrier barrier;

        protected TwoPartyBody(Barrier barrier) {
            this.barrier = barrier;
        }

        /** Completes the round without ever blocking: retries tryAwait until the other arrived. */
        protected final void completeRound() {
            try {
                while (barrier.tryAwait().isEmpty()) {
                    Thread.onSpinWait();
                }
            } catch (BrokenBarrierException e) {
                throw new IllegalStateException(e);
            }
        }

        protected final void awaitRound() {
            try {
                barrier.awaitUninterruptibly();
            } catch (BrokenBarrierException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Proves no lost wakeup: the trip releases a party that waits (spun out and parked). */
    @JCStressTest(Mode.Termination)
    @Description("A party waiting at a 2-party Barrier is released when the second party arrives.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The waiting party was released.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "The trip never woke it: a lost wakeup.")
    @State
    public static class TripWakesParkedParty extends TwoPartyBody {
        public TripWakesParkedParty() {
            super(new Barrier(2));
        }

        @Actor
        public void waiter() {
            awaitRound();
        }

        @Signal
        public void lastParty() {
            completeRound();
        }
    }

    /** Proves abort() releases a waiting party (with BrokenBarrierException). */
    @JCStressTest(Mode.Termination)
    @Description("A party waiting at a Barrier is released when another thread aborts it.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The waiting party was released.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "abort() did not wake it.")
    @State
    public static class AbortWakesParkedParty {
        private final Barrier barrier = new Barrier(2);

        @Actor
        public void waiter() {
            try {
                barrier.awaitUninterruptibly();
            } catch (BrokenBarrierException expected) {
                // released by the abort
            }
        }

        @Signal
        public void abort() {
            barrier.abort();
        }
    }

    /** Proves two parties of one round get distinct arrival indices 0 and 1. */
    @JCStressTest
    @Description("Two parties meet at a 2-party Barrier: their arrival indices are 0 and 1.")
    @Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "Distinct indices.")
    @Outcome(expect = FORBIDDEN, desc = "Duplicate or out-of-range arrival indices.")
    @State
    public static class ArrivalIndicesUnique {
        private final Barrier barrier = new Barrier(2);

        @Actor
        public void party1(II_Result r) {
            r.r1 = arrive(barrier);
        }

        @Actor
        public void party2(II_Result r) {
            r.r2 = arrive(barrier);
        }
    }

    /**
     * Proves the action sees what every party wrote before arriving, and every party sees what
     * the action wrote, and the action ran once.
     */
    @JCStressTest
    @Description("The barrier action sees both parties' writes; both parties see the action's.")
    @Outcome(id = "2, 2, 1", expect = ACCEPTABLE, desc = "Both saw the merged result; one action.")
    @Outcome(expect = FORBIDDEN, desc = "A write was not published, or the action ran twice.")
    @State
    public static class ActionPublishesBothWays {
        private int left;
        private int right;
        private int merged;
        private int actions;
        private final Barrier barrier = new Barrier(2, () -> {
            merged = left + right;
            actions++;
        });

        @Actor
        public void party1(III_Result r) {
            left = 1;
            arrive(barrier);
            r.r1 = merged;
        }

        @Actor
        public void party2(III_Result r) {
            right = 1;
            arrive(barrier);
            r.r2 = merged;
        }

        @Arbiter
        public void count(III_Result r) {
            r.r3 = actions;
        }
    }

    /**
     * Proves an arrival that is already interrupted gets InterruptedException and disturbs no
     * one, while other parties arrive and withdraw under {@link TimeoutPolicy#WITHDRAW} at the
     * same moment (a defect once walked the live round's arrival list outside the lock here:
     * ConcurrentModificationException, interrupt lost). 3 parties, so the round never trips.
     */
    @JCStressTest
    @Description("An interrupted arrival at a WITHDRAW barrier races a party that arrives and"
            + " withdraws: it gets InterruptedException and the barrier ends with nobody waiting.")
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "InterruptedException, status"
            + " cleared; the other timed out and withdrew; nobody left waiting.")
    @Outcome(expect = FORBIDDEN, desc = "Another exception or outcome, a lost interrupt, a"
            + " broken barrier or a party left behind.")
    @State
    public static class InterruptedArrivalRacesWithdrawals {
        private final Barrier barrier = Barrier.builder(3).timeoutPolicy(TimeoutPolicy.WITHDRAW)
                .build();

        @Actor
        public void interrupted(III_Result r) {
            Thread.currentThread().interrupt();
            try {
                barrier.await();
                r.r1 = 3; // returned: impossible, nobody else can trip it
            } catch (InterruptedException e) {
                r.r1 = Thread.currentThread().isInterrupted() ? 4 : 1;
            } catch (Exception | Error e) {
                r.r1 = 2; // e.g. ConcurrentModificationException
            } finally {
                Thread.interrupted();
            }
        }

        @Actor
        public void withdrawing(III_Result r) {
            r.r2 = arriveAndWithdraw(barrier);
        }

        @Arbiter
        public void left(III_Result r) {
            r.r3 = barrier.numberWaiting() + (barrier.isBroken() ? 10 : 0);
        }
    }

    /**
     * The lock-free arrival path against a withdrawal: at a 3-party WITHDRAW barrier where one
     * party (X) already waits, one actor arrives (Y), gives that arrival up (cancel: a
     * withdrawal under the state lock) and arrives again (W), while the other actor arrives (Z).
     * Either the withdrawal comes first (X, W and Z make the round) or Z fills the round before
     * it (X, Y, Z make it, the cancel fails, W waits alone in the next round). Either way the
     * round trips exactly once, X has index 0 and the other two indices are 1 and 2. (A cancel
     * can also win the future of an arrival the round already counted, before the trip
     * delivered its index: then Y counted, W waits, and Y's index is not seen.)
     * r1: W's index if Y withdrew, else Y's; r2: Z's; r3: trips (generations) * 10 + parties left waiting
     * (+ 100 if X's index is not 0).
     */
    @JCStressTest
    @Description("A party withdraws while others arrive lock-free: one trip, indices unique.")
    @Outcome(id = {"1, 2, 10", "2, 1, 10"}, expect = ACCEPTABLE, desc = "Y withdrew first;"
            + " X, W and Z tripped the round with indices 0, 1, 2.")
    @Outcome(id = {"1, 2, 11", "2, 1, 11"}, expect = ACCEPTABLE, desc = "Z filled the round"
            + " before Y could withdraw; W waits in the next round.")
    @Outcome(id = {"-1, 1, 11", "-1, 2, 11"}, expect = ACCEPTABLE, desc = "Z filled the round;"
            + " Y's cancel still won its future (the trip had not delivered yet), so Y counted"
            + " without an index to show; W waits in the next round.")
    @Outcome(expect = FORBIDDEN, desc = "A lost or doubled arrival, a repeated index, no trip or"
            + " two.")
    @State
    public static class WithdrawalRacesLockFreeArrival extends WithdrawalRaceBody {
        public WithdrawalRacesLockFreeArrival() {
            super(Barrier.builder(3).timeoutPolicy(TimeoutPolicy.WITHDRAW).build());
        }

        @Actor
        public void withdrawing() {
            withdrawAndArriveAgain();
        }

        @Actor
        public void arriving() {
            arriveOnce();
        }

        @Arbiter
        public void outcome(III_Result r) {
            record(r);
        }
    }

    /** Shared body of the withdrawal race (also run against the racy-arrival mutant). */
    public abstract static class WithdrawalRaceBody {
        private final Barrier barrier;
        private final CompletableFuture<Integer> x;
        private CompletableFuture<Integer> y;
        private CompletableFuture<Integer> w;
        private CompletableFuture<Integer> z;
        private boolean withdrew;

        /** @param barrier a 3-party barrier with the WITHDRAW policy */
        protected WithdrawalRaceBody(Barrier barrier) {
            this.barrier = barrier;
            this.x = barrier.awaitAsync();
        }

        protected final void withdrawAndArriveAgain() {
            y = barrier.awaitAsync();
            withdrew = y.cancel(false);
            w = barrier.awaitAsync();
        }

        protected final void arriveOnce() {
            z = barrier.awaitAsync();
        }

        protected final void record(III_Result r) {
            r.r1 = index(withdrew ? w : y);
            r.r2 = index(z);
            r.r3 = (int) barrier.generation() * 10 + barrier.numberWaiting()
                    + (index(x) == 0 ? 0 : 100);
        }

        static int index(CompletableFuture<Integer> f) {
            return f.isDone() && !f.isCompletedExceptionally() ? f.join() : -1;
        }
    }

    /**
     * Proves the handshake of asynchronous arrivals: whichever trips the round, the other's
     * future completes (its node is pushed after its arrival, so the tripper may come first).
     */
    @JCStressTest
    @Description("Two parties arrive at a 2-party Barrier with awaitAsync(): both futures complete"
            + " with indices 0 and 1.")
    @Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "Both completed, distinct indices.")
    @Outcome(expect = FORBIDDEN, desc = "A future left incomplete (-1) after the trip, or an index"
            + " repeated.")
    @State
    public static class AsyncArrivalsBothComplete extends AsyncPairBody {
        public AsyncArrivalsBothComplete() {
            super(new Barrier(2));
        }

        @Actor
        public void party1() {
            arriveFirst();
        }

        @Actor
        public void party2() {
            arriveSecond();
        }

        @Arbiter
        public void outcome(II_Result r) {
            record(r);
        }
    }

    /** Shared body of the asynchronous pair (also run against its mutant). */
    public abstract static class AsyncPairBody {
        private final Barrier barrier;
        private CompletableFuture<Integer> first;
        private CompletableFuture<Integer> second;

        /** @param barrier a 2-party barrier */
        protected AsyncPairBody(Barrier barrier) {
            this.barrier = barrier;
        }

        protected final void arriveFirst() {
            first = barrier.awaitAsync();
        }

        protected final void arriveSecond() {
            second = barrier.awaitAsync();
        }

        protected final void record(II_Result r) {
            r.r1 = WithdrawalRaceBody.index(first);
            r.r2 = WithdrawalRaceBody.index(second);
        }
    }

    /** Arrives, waits 50 microseconds, withdraws: 0 if it timed out, else an error code. */
    static int arriveAndWithdraw(Barrier barrier) {
        try {
            barrier.await(50, TimeUnit.MICROSECONDS);
            return 1;
        } catch (TimeoutException expected) {
            return 0;
        } catch (Exception | Error e) {
            return 2;
        }
    }
}
