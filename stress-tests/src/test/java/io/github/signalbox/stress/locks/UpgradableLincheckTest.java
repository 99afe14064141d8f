package io.github.signalbox.stress.locks;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.signalbox.locks.Mutants;
import io.github.signalbox.locks.ReadersWritersLock;
import java.util.stream.Stream;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Lincheck tests of the upgradable read mode under every policy (model checking, which also
 * finds hangs; stress for FAIR), and the check that model checking rejects the mutant whose
 * upgrade releases and re-acquires.
 */
class UpgradableLincheckTest {

    public static class Fair extends UpgradableScenario {
        public Fair() {
            super(ReadersWritersLock.fair());
        }
    }

    public static class ReaderPreference extends UpgradableScenario {
        public ReaderPreference() {
            super(ReadersWritersLock.readerPreference());
        }
    }

    public static class WriterPreference extends UpgradableScenario {
        public WriterPreference() {
            super(ReadersWritersLock.writerPreference());
        }
    }

    /** Mutant: the upgrade releases the upgradable hold, then competes as a writer. */
    public static class ReleasingUpgrade extends UpgradableScenario {
        public ReleasingUpgrade() {
            super(Mutants.releasingUpgrade());
        }
    }

    static Stream<Class<?>> policies() {
        return Stream.of(Fair.class, ReaderPreference.class, WriterPreference.class);
    }

    @ParameterizedTest
    @MethodSource("policies")
    void modelChecking(Class<?> scenario) {
        LinChecker.check(scenario, LincheckSettings.upgradableModelChecking());
    }

    @Test
    void stress() {
        LinChecker.check(Fair.class, LincheckSettings.stress());
    }

    @Test
    void modelCheckingRejectsTheReleasingUpgradeMutant() {
        assertThrows(AssertionError.class, () -> LinChecker.check(ReleasingUpgrade.class,
                LincheckSettings.mutantModelChecking()));
    }
}
