package io.github.signalbox.stress.locks;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.locks.ReadersWritersLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;

/**
 * Proves that an upgrade blocked behind a reader wakes when that reader leaves (no lost
 * wakeup). Run alone: {@code java -jar stress-tests/target/jcstress.jar -t BlockedUpgradeWakes}.
 */
@Description("An upgrade blocked behind a read hold wakes when that hold is released.")
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The blocked upgrade went through.")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "The upgrade was never woken: a lost wakeup.")
public class BlockedUpgradeWakes {

    /** Common base of the per-policy tests (and the mutants). */
    public abstract static class Body extends HeldByHelper {
        protected Body(ReadersWritersLock lock) {
            super(lock, false);
        }
    }

    @JCStressTest(Mode.Termination)
    @JCStressMeta(BlockedUpgradeWakes.class)
    @State
    public static class Fair extends Body {
        public Fair() {
            super(ReadersWritersLock.fair());
        }

        @Actor
        public void upgrader() {
            upgradeOnce();
        }

        @Signal
        public void signal() {
            release();
        }
    }

    @JCStressTest(Mode.Termination)
    @JCStressMeta(BlockedUpgradeWakes.class)
    @State
    public static class ReaderPreference extends Body {
        public ReaderPreference() {
            super(ReadersWritersLock.readerPreference());
        }

        @Actor
        public void upgrader() {
            upgradeOnce();
        }

        @Signal
        public void signal() {
            release();
        }
    }

    @JCStressTest(Mode.Termination)
    @JCStressMeta(BlockedUpgradeWakes.class)
    @State
    public static class WriterPreference extends Body {
        public WriterPreference() {
            super(ReadersWritersLock.writerPreference());
        }

        @Actor
        public void upgrader() {
            upgradeOnce();
        }

        @Signal
        public void signal() {
            release();
        }
    }
}
