package io.github.signalbox.stress.barriers;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.signalbox.barriers.Barrier;
import io.github.signalbox.barriers.BarrierMutants;
import io.github.signalbox.stress.locks.LincheckSettings;
import io.github.signalbox.stress.locks.WaiterRace;
import java.util.concurrent.BrokenBarrierException;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck linearizability of {@link Barrier}'s state machine through its non-blocking
 * operations: tryAwait (arrives only when it trips), register, arriveAndDeregister, abort, reset
 * and the introspection, in model checking and stress mode; and the check that model checking
 * rejects the racy-register mutant; and model checking of two parties meeting
 * ({@link WaiterRace}: every interleaving must terminate). Lincheck's model checker lets a park
 * return spuriously, so a missed unpark goes unnoticed there: the "trip wakes nobody" mutant is
 * rejected by the jcstress Termination test. Indices and publication are covered by jcstress.
 */
class BarrierLincheckTest {

    public abstract static class Scenario {
        private final Barrier barrier;

        protected Scenario(Barrier barrier) {
            this.barrier = barrier;
        }

        @Operation
        public int tryAwait() throws BrokenBarrierException {
            return barrier.tryAwait().orElse(-1);
        }

        @Operation
        public int register() {
            return barrier.register();
        }

        @Operation
        public void arriveAndDeregister() {
            barrier.arriveAndDeregister();
        }

        @Operation
        public void abort() {
            barrier.abort();
        }

        @Operation
        public void reset() {
            barrier.reset();
        }

        @Operation
        public boolean isBroken() {
            return barrier.isBroken();
        }

        @Operation
        public int parties() {
            return barrier.parties();
        }

        @Operation
        public long generation() {
            return barrier.generation();
        }
    }

    public static class RealScenario extends Scenario {
        public RealScenario() {
            super(new Barrier(2));
        }
    }

    public static class RacyRegisterScenario extends Scenario {
        public RacyRegisterScenario() {
            super(BarrierMutants.racyRegister(2));
        }
    }

    /** Two parties meeting at a 2-party barrier; see {@link WaiterRace}. */
    public static class MeetingRace {
        private final Barrier barrier;

        public MeetingRace() {
            this(new Barrier(2));
        }

        MeetingRace(Barrier barrier) {
            this.barrier = barrier;
        }

        @Operation
        public int party() throws BrokenBarrierException {
            return barrier.awaitUninterruptibly();
        }
    }

    @Test
    void modelCheckingFindsNoLostWakeupWhenTwoPartiesMeet() {
        LinChecker.check(MeetingRace.class, WaiterRace.of(MeetingRace.class, "party", "party"));
    }

    @Test
    void modelChecking() {
        LinChecker.check(RealScenario.class, LincheckSettings.modelChecking());
    }

    @Test
    void stress() {
        LinChecker.check(RealScenario.class, LincheckSettings.stress());
    }

    @Test
    void modelCheckingRejectsTheRacyRegisterMutant() {
        assertThrows(AssertionError.class, () ->
                LinChecker.check(RacyRegisterScenario.class, LincheckSettings.mutantModelChecking()));
    }
}
