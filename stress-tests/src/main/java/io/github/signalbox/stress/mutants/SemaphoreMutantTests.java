package io.github.signalbox.stress.mutants;

import io.github.signalbox.semaphores.SemaphoreMutants;
import io.github.signalbox.stress.semaphores.AsyncPermitGrantVersusCancel;
import io.github.signalbox.stress.semaphores.SemaphoreTests;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/** The semaphore tests, run against the racy-update mutant: each must be rejected. */
public class SemaphoreMutantTests {

    /** Read-check-write take: the last permit must be seen going to both threads. */
    @JCStressTest
    @JCStressMeta(SemaphoreTests.LastPermitTakenOnce.class)
    @State
    public static class RacyLastPermitTakenOnce extends SemaphoreTests.OnePermitBody {
        public RacyLastPermitTakenOnce() {
            super(SemaphoreMutants.racyUpdates(1));
        }

        @Actor
        public void taker1(II_Result r) {
            r.r1 = semaphore.tryAcquire() ? 1 : 0;
        }

        @Actor
        public void taker2(II_Result r) {
            r.r2 = semaphore.tryAcquire() ? 1 : 0;
        }
    }

    /** Read-check-write release: both releases must be seen passing the bound check. */
    @JCStressTest
    @JCStressMeta(SemaphoreTests.RacingReleasesRespectTheBound.class)
    @State
    public static class RacyReleasesRespectTheBound extends SemaphoreTests.OverReleaseBody {
        public RacyReleasesRespectTheBound() {
            super(SemaphoreMutants.racyUpdates(2));
        }

        @Actor
        public void releaser1(III_Result r) {
            r.r1 = release();
        }

        @Actor
        public void releaser2(III_Result r) {
            r.r2 = release();
        }

        @Arbiter
        public void available(III_Result r) {
            r.r3 = semaphore.availablePermits();
        }
    }

    /** A release that skips a running head: the waiter must be seen never served. */
    @JCStressTest(Mode.Termination)
    @JCStressMeta(SemaphoreTests.BargingStolenPermitWakesWaiter.class)
    @State
    public static class ReleaseSkipsRunningHead extends SemaphoreTests.StolenPermitBody {
        public ReleaseSkipsRunningHead() {
            super(SemaphoreMutants.releaseSkipsRunningHead(1));
        }

        @Actor
        public void waiter() {
            waitForPermit();
        }

        @Signal
        public void signal() {
            releaseStealRelease();
        }
    }

    /**
     * A grant that meets a cancelled future drops its permits: when the cancel lands between the
     * grant and the completion, AsyncPermitGrantVersusCancel must see permits missing.
     */
    @JCStressTest
    @JCStressMeta(AsyncPermitGrantVersusCancel.class)
    @State
    public static class DroppedPermitGrant extends AsyncPermitGrantVersusCancel.Body {
        public DroppedPermitGrant() {
            super(SemaphoreMutants.droppedGrant(2));
        }

        @Actor
        public void releaser() {
            release();
        }

        @Actor
        public void canceller(II_Result r) {
            cancel(r);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            conserve(r);
        }
    }
}
