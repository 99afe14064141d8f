package io.github.signalbox.stress.semaphores;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.signalbox.semaphores.BoundedSemaphore;
import io.github.signalbox.semaphores.SemaphoreMutants;
import io.github.signalbox.stress.locks.LincheckSettings;
import io.github.signalbox.stress.locks.WaiterRace;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.junit.jupiter.api.Test;

/**
 * Lincheck linearizability of {@link BoundedSemaphore}'s non-blocking operations (tryAcquire,
 * release with its bound check, setBound, drain, the counts), in model checking and stress mode,
 * against the semaphore itself run sequentially; and the check that model checking rejects the
 * racy-update mutant; and model checking of a blocked acquirer racing the release that must wake
 * it ({@link WaiterRace}).
 */
class BoundedSemaphoreLincheckTest {

    @Param(name = "permits", gen = IntGen.class, conf = "1:2")
    @Param(name = "bound", gen = IntGen.class, conf = "1:3")
    public abstract static class Scenario {
        private final BoundedSemaphore semaphore;

        protected Scenario(BoundedSemaphore semaphore) {
            this.semaphore = semaphore;
        }

        @Operation
        public boolean tryAcquire(@Param(name = "permits") int permits) {
            return semaphore.tryAcquire(permits);
        }

        @Operation
        public void release(@Param(name = "permits") int permits) {
            semaphore.release(permits);
        }

        @Operation
        public void setBound(@Param(name = "bound") int bound) {
            semaphore.setBound(bound);
        }

        @Operation
        public int drainPermits() {
            return semaphore.drainPermits();
        }

        @Operation
        public int availablePermits() {
            return semaphore.availablePermits();
        }

        @Operation
        public int permitsInUse() {
            return semaphore.permitsInUse();
        }
    }

    public static class FifoScenario extends Scenario {
        public FifoScenario() {
            super(BoundedSemaphore.fifo(2));
        }
    }

    public static class RacyScenario extends Scenario {
        public RacyScenario() {
            super(SemaphoreMutants.racyUpdates(2));
        }
    }

    /** A blocked acquirer racing the release that must wake it; see {@link WaiterRace}. */
    public static class AcquireRace {
        private final BoundedSemaphore semaphore = BoundedSemaphore.fifo(1);

        public AcquireRace() {
            semaphore.acquireUninterruptibly();
        }

        @Operation
        public void acquire() {
            semaphore.acquireUninterruptibly();
        }

        @Operation
        public void release() {
            semaphore.release();
        }
    }

    @Test
    void modelCheckingFindsNoLostWakeupOfABlockedAcquirer() {
        LinChecker.check(AcquireRace.class, WaiterRace.of(AcquireRace.class, "acquire", "release"));
    }

    @Test
    void modelChecking() {
        LinChecker.check(FifoScenario.class, LincheckSettings.modelChecking());
    }

    @Test
    void stress() {
        LinChecker.check(FifoScenario.class, LincheckSettings.stress());
    }

    @Test
    void modelCheckingRejectsTheRacyUpdateMutant() {
        assertThrows(AssertionError.class, () ->
                LinChecker.check(RacyScenario.class, LincheckSettings.mutantModelChecking()));
    }
}
