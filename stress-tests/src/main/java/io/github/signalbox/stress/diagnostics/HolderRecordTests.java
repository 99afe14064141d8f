package io.github.signalbox.stress.diagnostics;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.semaphores.BoundedSemaphore;
import io.github.signalbox.semaphores.HolderRecords;
import io.github.signalbox.semaphores.Permit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress tests of what the deadlock detector reads: a tracked semaphore's record of who holds
 * its permits, racing the handles that change it. The detector may miss a holder for a moment
 * (that can hide a deadlock for that moment), but must never see one that does not hold, which
 * would let it report a deadlock that is not there.
 */
public final class HolderRecordTests {

    private HolderRecordTests() {
    }

    /** Shared body of the closing test (also run against the mutant). */
    public abstract static class ClosingBody {
        protected final BoundedSemaphore semaphore;
        protected final Permit permit;
        protected final Thread holder = Thread.currentThread();

        protected ClosingBody(BoundedSemaphore semaphore) {
            this.semaphore = semaphore;
            this.permit = semaphore.acquirePermitUninterruptibly();
        }

        /** Looks at the permits, then at the record, as a deadlock scan racing the close would. */
        protected void observe(II_Result r) {
            r.r1 = semaphore.availablePermits();
            r.r2 = HolderRecords.lists(semaphore, holder) ? 1 : 0;
        }
    }

    /** Proves a closed handle's holder is unlisted before its permits come back. */
    @JCStressTest
    @Description("A handle of a tracked bound-1 semaphore is closed while another thread reads the"
            + " available permits, then whether the handle's holder is listed.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Before the close.")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "After the close.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING,
            desc = "Unlisted, permit not yet back: the holder is missing for a moment.")
    @Outcome(id = "1, 1", expect = FORBIDDEN,
            desc = "The permit was back while its holder was still listed: an invented hold.")
    @State
    public static class ClosedHandleIsUnlistedFirst extends ClosingBody {
        public ClosedHandleIsUnlistedFirst() {
            super(BoundedSemaphore.builder(1).trackHolders().build());
        }

        @Actor
        public void closer() {
            permit.close();
        }

        @Actor
        public void observer(II_Result r) {
            observe(r);
        }
    }

    /** Proves a new handle's holder is listed only after its permits were taken. */
    @JCStressTest
    @Description("A thread takes the only permit of a tracked semaphore as a handle while another"
            + " reads whether anyone is listed, then the available permits.")
    @Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "Before the take.")
    @Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "After the take and the listing.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE_INTERESTING,
            desc = "Taken, not yet listed: the holder is missing for a moment.")
    @Outcome(id = "1, 1", expect = FORBIDDEN,
            desc = "Listed while the permit was still free: an invented hold.")
    @State
    public static class NewHandleIsListedAfterTheTake {
        private final BoundedSemaphore semaphore = BoundedSemaphore.builder(1).trackHolders()
                .build();

        @Actor
        public void taker() {
            semaphore.tryAcquirePermit();
        }

        @Actor
        public void observer(II_Result r) {
            r.r1 = HolderRecords.listsAnyone(semaphore) ? 1 : 0;
            r.r2 = semaphore.availablePermits();
        }
    }
}
