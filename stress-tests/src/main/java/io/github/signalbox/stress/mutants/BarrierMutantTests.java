package io.github.signalbox.stress.mutants;

import io.github.signalbox.barriers.BarrierMutants;
import io.github.signalbox.stress.barriers.BarrierTests;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

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
}
