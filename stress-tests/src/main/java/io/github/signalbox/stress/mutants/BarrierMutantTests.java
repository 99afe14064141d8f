package io.github.signalbox.stress.mutants;

import io.github.signalbox.barriers.BarrierMutants;
import io.github.signalbox.barriers.TimeoutPolicy;
import io.github.signalbox.stress.barriers.BarrierTests;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/** The barrier tests, run against the barrier mutants: each must be rejected. */
public class BarrierMutantTests {

    /** A trip that unparks nobody: the parked party must be reported STALE. */
    @JCStressTest(Mode.Termination)
    @JCStressMeta(BarrierTests.TripWakesParkedParty.class)
    @State
    public static class ForgetfulTripWakesParkedParty extends BarrierTests.TwoPartyBody {
        public ForgetfulTripWakesParkedParty() {
            super(BarrierMutants.forgetfulTrip(2));
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

    /** No second look after pushing an asynchronous node: a future must be left incomplete. */
    @JCStressTest
    @JCStressMeta(BarrierTests.AsyncArrivalsBothComplete.class)
    @State
    public static class AsyncArrivalWithoutSecondLook extends BarrierTests.AsyncPairBody {
        public AsyncArrivalWithoutSecondLook() {
            super(BarrierMutants.asyncArrivalWithoutSecondLook(2));
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

    /** Arrivals installed check-then-write: the withdrawal race must see a lost arrival. */
    @JCStressTest
    @JCStressMeta(BarrierTests.WithdrawalRacesLockFreeArrival.class)
    @State
    public static class RacyArrivalWithdrawalRace extends BarrierTests.WithdrawalRaceBody {
        public RacyArrivalWithdrawalRace() {
            super(BarrierMutants.racyArrival(3, TimeoutPolicy.WITHDRAW));
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
}
