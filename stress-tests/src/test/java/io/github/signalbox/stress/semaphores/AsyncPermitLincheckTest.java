package io.github.signalbox.stress.semaphores;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.semaphores.BoundedSemaphore;
import io.github.signalbox.semaphores.Permit;
import io.github.signalbox.semaphores.SemaphoreMutants;
import io.github.signalbox.stress.locks.LincheckSettings;
import java.util.concurrent.CompletableFuture;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking of asynchronous permit requests racing with their cancellation, mixed
 * with blocking acquisition, on a one-permit FIFO semaphore that guards a counter. An
 * asynchronous request not granted at once is cancelled; if the cancel wins the operation falls
 * back to the blocking form, so every operation increments exactly once under the permit and the
 * class is its own sequential specification. A permit lost to a cancel shows up as a hang, a
 * permit given twice as a lost increment. The mutant that drops a grant meeting a cancelled
 * future must be rejected.
 */
class AsyncPermitLincheckTest {

    public abstract static class Scenario {
        private final BoundedSemaphore semaphore;
        private int count;

        protected Scenario(BoundedSemaphore semaphore) {
            this.semaphore = semaphore;
        }

        @Operation
        public int acquireThenIncrement() {
            semaphore.acquireUninterruptibly();
            try {
                return ++count;
            } finally {
                semaphore.release();
            }
        }

        @Operation
        public int acquireAsyncOrCancelThenIncrement() {
            CompletableFuture<Permit> request = semaphore.acquireAsync();
            if (!request.isDone() && request.cancel(false)) {
                return acquireThenIncrement(); // the cancel won: wait the blocking way
            }
            Permit permit = request.join(); // completed: the grant won the race
            try {
                return ++count;
            } finally {
                permit.close();
            }
        }
    }

    public static class Fifo extends Scenario {
        public Fifo() {
            super(BoundedSemaphore.fifo(1));
        }
    }

    public static class DroppedGrant extends Scenario {
        public DroppedGrant() {
            super(SemaphoreMutants.droppedGrant(1));
        }
    }

    @Test
    void modelChecking() {
        LinChecker.check(Fifo.class, LincheckSettings.asyncModelChecking());
    }

    @Test
    void modelCheckingRejectsTheDroppedGrantMutant() {
        // the window (a cancel between the grant and the completion) is narrower than the
        // lock's: explore more interleavings per scenario; the first failure ends the search
        AssertionError failure = assertThrows(AssertionError.class, () -> LinChecker.check(
                DroppedGrant.class, LincheckSettings.asyncModelChecking()
                        .iterations(30).invocationsPerIteration(1_000)));
        assertTrue(failure.getMessage().contains("The execution has hung"),
                failure.getMessage());
    }
}
