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
 * Proves read/write exclusion: a writer sets x then y under the write lock; a reader reads y then
 * x under the read lock. A reader that overlaps the write sees y unset but x set. Run alone:
 * {@code java -jar stress-tests/target/jcstress.jar -t ReadWriteExclusion}.
 */
@Description("A reader under the read lock never sees half of a write made under the write lock.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The reader ran before the writer.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The reader ran after the writer.")
@Outcome(id = "0, 1", expect = FORBIDDEN, desc = "The reader ran during the write.")
@Outcome(expect = FORBIDDEN, desc = "The reader saw the second store without the first.")
public class ReadWriteExclusion {

    /** The shared state and actor bodies; one subclass per policy (and the mutants). */
    public abstract static class Body {
        private final ReadersWritersLock lock;
        private final int dawdle;
        private int x;
        private int y;

        protected Body(ReadersWritersLock lock) {
            this(lock, 0);
        }

        /**
         * @param dawdle spin hints the reader takes between its two reads: a writer that wrongly
         *        overlaps it is then caught in most samples, not one in millions
         */
        protected Body(ReadersWritersLock lock, int dawdle) {
            this.lock = lock;
            this.dawdle = dawdle;
        }

        protected void write() {
            lock.writeLock().lock();
            try {
                x = 1;
                y = 1;
            } finally {
                lock.writeLock().unlock();
            }
        }

        protected void read(II_Result r) {
            lock.readLock().lock();
            try {
                r.r1 = y;
                for (int i = 0; i < dawdle; i++) {
                    Thread.onSpinWait();
                }
                r.r2 = x;
            } finally {
                lock.readLock().unlock();
            }
        }
    }

    @JCStressTest
    @JCStressMeta(ReadWriteExclusion.class)
    @State
    public static class Fair extends Body {
        public Fair() {
            super(ReadersWritersLock.fair());
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
    @JCStressMeta(ReadWriteExclusion.class)
    @State
    public static class ReaderPreference extends Body {
        public ReaderPreference() {
            super(ReadersWritersLock.readerPreference());
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
    @JCStressMeta(ReadWriteExclusion.class)
    @State
    public static class WriterPreference extends Body {
        public WriterPreference() {
            super(ReadersWritersLock.writerPreference());
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
}
