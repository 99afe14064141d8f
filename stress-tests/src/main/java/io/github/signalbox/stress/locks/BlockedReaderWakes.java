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
 * Proves that a reader blocked on the read lock wakes when the write lock is released (no
 * lost wakeup). Run alone: {@code java -jar stress-tests/target/jcstress.jar -t BlockedReaderWakes}.
 */
@Description("A reader blocked behind a write hold wakes when that hold is released.")
@Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The blocked reader woke up.")
@Outcome(id = "STALE", expect = FORBIDDEN, desc = "The reader was never woken: a lost wakeup.")
public class BlockedReaderWakes {

    /** Common base of the per-policy tests (and the mutants). */
    public abstract static class Body extends HeldByHelper {
        protected Body(ReadersWritersLock lock) {
            super(lock, true);
        }
    }

    @JCStressTest(Mode.Termination)
    @JCStressMeta(BlockedReaderWakes.class)
    @State
    public static class Fair extends Body {
        public Fair() {
            super(ReadersWritersLock.fair());
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

    @JCStressTest(Mode.Termination)
    @JCStressMeta(BlockedReaderWakes.class)
    @State
    public static class ReaderPreference extends Body {
        public ReaderPreference() {
            super(ReadersWritersLock.readerPreference());
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

    @JCStressTest(Mode.Termination)
    @JCStressMeta(BlockedReaderWakes.class)
    @State
    public static class WriterPreference extends Body {
        public WriterPreference() {
            super(ReadersWritersLock.writerPreference());
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
}
