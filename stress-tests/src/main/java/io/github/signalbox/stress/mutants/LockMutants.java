package io.github.signalbox.stress.mutants;

import io.github.signalbox.locks.Mutants;
import io.github.signalbox.stress.locks.AsyncGrantVersusCancel;
import io.github.signalbox.stress.locks.BlockedReaderWakes;
import io.github.signalbox.stress.locks.BlockedWriterWakes;
import io.github.signalbox.stress.locks.RegisteredReaders;
import io.github.signalbox.stress.locks.UpgradeAtomicity;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** The readers-writers lock tests, run against the lock mutants: each must be rejected. */
public class LockMutants {

    /** A writer blind to registered readers: read/write exclusion must report FORBIDDEN outcomes. */
    @JCStressTest
    @JCStressMeta(RegisteredReaders.BiasedExclusion.class)
    @State
    public static class BlindRevocationReadWrite extends RegisteredReaders.DawdlingBody {
        public BlindRevocationReadWrite() {
            super(Mutants.blindRevocation());
        }

        @Actor
        public void writer() {
            write();
        }

        @Actor
        public void reader(II_Result r) {
            read(r);
        }
    }

    /**
     * An upgrade that releases the upgradable hold and then competes as a writer: the other
     * writer gets in between, which UpgradeAtomicity must report as FORBIDDEN.
     */
    @JCStressTest
    @JCStressMeta(UpgradeAtomicity.class)
    @State
    public static class ReleasingUpgrade extends UpgradeAtomicity.Body {
        public ReleasingUpgrade() {
            super(Mutants.releasingUpgrade());
        }

        @Actor
        public void upgrader(II_Result r) {
            readThenUpgrade(r);
        }

        @Actor
        public void writer() {
            write();
        }
    }

    /** A release that wakes nobody: the blocked reader must be reported STALE. */
    @JCStressTest(Mode.Termination)
    @JCStressMeta(BlockedReaderWakes.class)
    @State
    public static class ForgetfulReleaseReader extends BlockedReaderWakes.Body {
        public ForgetfulReleaseReader() {
            super(Mutants.forgetfulRelease());
        }

        @Actor
        public void reader() {
            readOnce();
        }

        @Signal
        public void signal() {
            release();
        }
    }

    /** A release that wakes nobody: the blocked writer must be reported STALE. */
    @JCStressTest(Mode.Termination)
    @JCStressMeta(BlockedWriterWakes.class)
    @State
    public static class ForgetfulReleaseWriter extends BlockedWriterWakes.Body {
        public ForgetfulReleaseWriter() {
            super(Mutants.forgetfulRelease());
        }

        @Actor
        public void writer() {
            writeOnce();
        }

        @Signal
        public void signal() {
            release();
        }
    }

    /**
     * A grant that meets an already cancelled future is dropped, not released: when the cancel
     * lands between the grant and the completion, the lock stays held for good, which
     * AsyncGrantVersusCancel must report as FORBIDDEN.
     */
    @JCStressTest
    @JCStressMeta(AsyncGrantVersusCancel.class)
    @State
    public static class DroppedGrant extends AsyncGrantVersusCancel.Body {
        public DroppedGrant() {
            super(Mutants.droppedGrant());
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
