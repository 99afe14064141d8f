package io.github.signalbox.stress.locks;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.locks.Mutants;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.ReadersWritersPolicy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * The read-bias path of {@link ReadersWritersLock}: readers registered in the global
 * visible-readers table instead of the lock's state word. Proves (1) exclusion and publication
 * between a registered reader and a writer that revokes the bias and scans the table, per policy;
 * (2) the same when the bias is turned on by overlapping readers while a writer arrives
 * (inflation racing revocation); (3) no lost wakeup for a writer blocked behind a registered
 * reader that leaves (and whose thread then ends). Run one alone with
 * {@code java -jar stress-tests/target/jcstress.jar -t RegisteredReaders.BiasedExclusionFair}.
 */
public final class RegisteredReaders {

    private RegisteredReaders() {
    }

    /** Read/write exclusion with a reader that dawdles about a hundred spin hints. */
    public abstract static class DawdlingBody extends ReadWriteExclusion.Body {
        protected DawdlingBody(ReadersWritersLock lock) {
            super(lock, 100);
        }
    }

    @Description("A reader registered under the read bias never sees half of a write: the writer"
            + " revokes the bias and scans the visible-readers table first.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The reader ran before the writer.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The reader ran after the writer.")
    @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "The reader ran during the write.")
    @Outcome(expect = FORBIDDEN, desc = "The reader saw the second store without the first.")
    public static class BiasedExclusion {
    }

    @JCStressTest
    @JCStressMeta(BiasedExclusion.class)
    @State
    public static class BiasedExclusionFair extends DawdlingBody {
        public BiasedExclusionFair() {
            super(Mutants.readBiased(ReadersWritersPolicy.FAIR));
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

    @JCStressTest
    @JCStressMeta(BiasedExclusion.class)
    @State
    public static class BiasedExclusionReaderPreference extends DawdlingBody {
        public BiasedExclusionReaderPreference() {
            super(Mutants.readBiased(ReadersWritersPolicy.READER_PREFERENCE));
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

    @JCStressTest
    @JCStressMeta(BiasedExclusion.class)
    @State
    public static class BiasedExclusionWriterPreference extends DawdlingBody {
        public BiasedExclusionWriterPreference() {
            super(Mutants.readBiased(ReadersWritersPolicy.WRITER_PREFERENCE));
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
     * One actor reads; the other reads too (overlapping readers turn the bias on) and then
     * writes: the write must exclude the first reader however the bias came and went.
     */
    @JCStressTest
    @Description("Readers that overlap turn the read bias on while a writer arrives: the reader"
            + " never sees half of the write.")
    @Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The reader ran before the write.")
    @Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The reader ran after the write.")
    @Outcome(id = "0, 1", expect = FORBIDDEN, desc = "The reader ran during the write.")
    @Outcome(expect = FORBIDDEN, desc = "The reader saw the second store without the first.")
    @State
    public static class InflationRacesWriter extends ReadWriteExclusion.Body {
        private final ReadersWritersLock lock;

        public InflationRacesWriter() {
            this(ReadersWritersLock.fair());
        }

        private InflationRacesWriter(ReadersWritersLock lock) {
            super(lock);
            this.lock = lock;
        }

        @Actor
        public void readerThenWriter() {
            lock.readLock().lock();
            lock.readLock().unlock();
            write();
        }

        @Actor
        public void reader(II_Result r) {
            read(r);
        }
    }

    /** A writer blocked behind a registered reader wakes when that reader leaves. */
    @JCStressTest(Mode.Termination)
    @Description("A writer blocked behind a reader registered under the read bias wakes when the"
            + " reader releases (and its thread ends).")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The blocked writer woke up.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "The writer was never woken.")
    @State
    public static class WriterWakesBehindRegisteredReader extends HeldByHelper {
        public WriterWakesBehindRegisteredReader() {
            super(Mutants.readBiased(ReadersWritersPolicy.FAIR), false);
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
}
