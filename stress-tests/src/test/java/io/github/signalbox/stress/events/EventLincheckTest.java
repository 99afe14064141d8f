package io.github.signalbox.stress.events;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.signalbox.events.AutoResetEvent;
import io.github.signalbox.events.Event;
import io.github.signalbox.stress.locks.LincheckSettings;
import io.github.signalbox.stress.locks.WaiterRace;
import java.time.Duration;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck linearizability of the events' non-blocking operations (set, clear, isSet and the
 * zero-timeout await), in model checking and stress mode, and the check that the same test
 * rejects the check-then-act auto-reset mutant; and model checking of a waiter racing the set()
 * that must release it ({@link WaiterRace}: every interleaving terminates). Lincheck's model
 * checker lets a park return spuriously, so a waiter that re-checks the flag after a missed
 * unpark still terminates there: the "set wakes nobody" mutant is rejected by the jcstress
 * Termination test instead.
 */
class EventLincheckTest {

    public static class EventScenario {
        private final Event event = new Event();

        @Operation
        public void set() {
            event.set();
        }

        @Operation
        public void clear() {
            event.clear();
        }

        @Operation
        public boolean isSet() {
            return event.isSet();
        }

        @Operation
        public boolean awaitZero() throws InterruptedException {
            return event.await(Duration.ZERO);
        }
    }

    /** An auto-reset event behind the {@link Pass} view, so the mutant runs the same scenario. */
    public abstract static class PassScenario {
        private final Pass pass;

        protected PassScenario(Pass pass) {
            this.pass = pass;
        }

        @Operation
        public void set() {
            pass.set();
        }

        @Operation
        public boolean tryAwait() {
            return pass.tryAwait();
        }
    }

    public static class AutoResetScenario extends PassScenario {
        public AutoResetScenario() {
            super(Pass.of(new AutoResetEvent()));
        }
    }

    public static class RacyConsumeScenario extends PassScenario {
        public RacyConsumeScenario() {
            super(new EventMutants.RacyPass());
        }
    }

    /** A waiter racing the set() that must release it; see {@link WaiterRace}. */
    public static class EventRace {
        private final Event event = new Event();

        @Operation
        public void await() {
            event.awaitUninterruptibly();
        }

        @Operation
        public void set() {
            event.set();
        }
    }

    /** The same race for the auto-reset event. */
    public static class AutoResetRace {
        private final AutoResetEvent event = new AutoResetEvent();

        @Operation
        public void await() {
            event.awaitUninterruptibly();
        }

        @Operation
        public void set() {
            event.set();
        }
    }

    @Test
    void modelCheckingFindsNoLostWakeupOfAnEventWaiter() {
        LinChecker.check(EventRace.class, WaiterRace.of(EventRace.class, "await", "set"));
    }

    @Test
    void modelCheckingFindsNoLostWakeupOfAnAutoResetWaiter() {
        LinChecker.check(AutoResetRace.class, WaiterRace.of(AutoResetRace.class, "await", "set"));
    }

    @Test
    void eventModelChecking() {
        LinChecker.check(EventScenario.class, LincheckSettings.modelChecking());
    }

    @Test
    void eventStress() {
        LinChecker.check(EventScenario.class, LincheckSettings.stress());
    }

    @Test
    void autoResetModelChecking() {
        LinChecker.check(AutoResetScenario.class, LincheckSettings.modelChecking());
    }

    @Test
    void autoResetStress() {
        LinChecker.check(AutoResetScenario.class, LincheckSettings.stress());
    }

    @Test
    void modelCheckingRejectsTheRacyConsumeMutant() {
        assertThrows(AssertionError.class, () ->
                LinChecker.check(RacyConsumeScenario.class, LincheckSettings.mutantModelChecking()));
    }
}
