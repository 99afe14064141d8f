package io.github.signalbox.stress.locks;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.locks.ReadersWritersLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Proves write/write exclusion: two writers each increment a plain counter under the write lock;
 * each sees a distinct value, so no update is lost. Run alone:
 * {@code java -jar stress-tests/target/jcstress.jar -t WriteWriteExclusion}.
 */
@Description("Two writers increment a plain counter under the write lock: no lost update.")
@Outcome(id = {"1, 2", "2, 1"}, expect = ACCEPTABLE, desc = "The writers ran one after the other.")
@Outcome(expect = FORBIDDEN, desc = "Both writers were inside at once: an update was lost.")
public class WriteWriteExclusion {

    /** The shared state and actor bodies; one subclass per policy. */
    public abstract static class Body {
        private final ReadersWritersLock lock;
        private int counter;

        protected Body(ReadersWritersLock lock) {
            this.lock = lock;
        }

        protected int increment() {
            lock.writeLock().lock();
            try {
                int v = counter + 1;
                counter = v;
                return v;
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    @JCStressTest
    @JCStressMeta(WriteWriteExclusion.class)
    @State
    public static class Fair extends Body {
        public Fair() {
            super(ReadersWritersLock.fair());
        }

        @Actor
        public void writer1(II_Result r) {
            r.r1 = increment();
        }

        @Actor
        public void writer2(II_Result r) {
            r.r2 = increment();
        }
    }

    @JCStressTest
    @JCStressMeta(WriteWriteExclusion.class)
    @State
    public static class ReaderPreference extends Body {
        public ReaderPreference() {
            super(ReadersWritersLock.readerPreference());
        }

        @Actor
        public void writer1(II_Result r) {
            r.r1 = increment();
        }

        @Actor
        public void writer2(II_Result r) {
            r.r2 = increment();
        }
    }

    @JCStressTest
    @JCStressMeta(WriteWriteExclusion.class)
    @State
    public static class WriterPreference extends Body {
        public WriterPreference() {
            super(ReadersWritersLock.writerPreference());
        }

        @Actor
        public void writer1(II_Result r) {
            r.r1 = increment();
        }

        @Actor
        public void writer2(II_Result r) {
            r.r2 = increment();
        }
    }
}
