package io.github.signalbox.stress.locks;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.locks.Mutants;
import io.github.signalbox.locks.ReadersWritersLock;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.junit.jupiter.api.Test;

/**
 * Lincheck tests of asynchronous acquisition racing with cancellation, mixed with blocking
 * acquisition (model checking for FAIR and WRITER_PREFERENCE, stress for FAIR), and the check
 * that model checking rejects the mutant that drops a grant meeting a cancelled future.
 */
class AsyncLincheckTest {

    public static class Fair extends AsyncScenario {
        public Fair() {
            super(ReadersWritersLock.fair());
        }
    }

    public static class WriterPreference extends AsyncScenario {
        public WriterPreference() {
            super(ReadersWritersLock.writerPreference());
        }
    }

    /** Mutant: a grant that finds its future cancelled is dropped, not released. */
    public static class DroppedGrant extends AsyncScenario {
        public DroppedGrant() {
            super(Mutants.droppedGrant());
        }
    }

    @Test
    void modelCheckingFair() {
        LinChecker.check(Fair.class, LincheckSettings.asyncModelChecking());
    }

    @Test
    void modelCheckingWriterPreference() {
        LinChecker.check(WriterPreference.class, LincheckSettings.asyncModelChecking());
    }

    @Test
    void stress() {
        LinChecker.check(Fair.class, LincheckSettings.stress());
    }

    @Test
    void modelCheckingRejectsTheDroppedGrantMutant() {
        AssertionError failure = assertThrows(AssertionError.class, () -> LinChecker.check(
                DroppedGrant.class, LincheckSettings.asyncModelChecking()));
        // the dropped grant keeps the lock held for good: the next acquisition never returns
        assertTrue(failure.getMessage().contains("The execution has hung"),
                failure.getMessage());
    }
}
