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
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Proves visibility of a writer's data to the next reader: a writer publishes a new object
 * through a plain field under the write lock; a reader that finds the object under the read lock
 * sees its contents fully initialized. Run alone:
 * {@code java -jar stress-tests/target/jcstress.jar -t WriterPublication}.
 */
@Description("A reader sees everything written before the write lock was released.")
@Outcome(id = "-1", expect = ACCEPTABLE, desc = "The reader ran before the writer.")
@Outcome(id = "42", expect = ACCEPTABLE, desc = "The reader saw the published object, complete.")
@Outcome(expect = FORBIDDEN, desc = "The reader saw the object but not its contents.")
public class WriterPublication {

    /** A plain (non-final) box: its field is visible only through happens-before. */
    static final class Box {
        int value;
    }

    /** The shared state and actor bodies; one subclass per policy. */
    public abstract static class Body {
        private final ReadersWritersLock lock;
        private Box box;

        protected Body(ReadersWritersLock lock) {
            this.lock = lock;
        }

        protected void publish() {
            Box b = new Box();
            lock.writeLock().lock();
            try {
                b.value = 42;
                box = b;
            } finally {
                lock.writeLock().unlock();
            }
        }

        protected int observe() {
            lock.readLock().lock();
            try {
                Box b = box;
                return b == null ? -1 : b.value;
            } finally {
                lock.readLock().unlock();
            }
        }
    }

    @JCStressTest
    @JCStressMeta(WriterPublication.class)
    @State
    public static class Fair extends Body {
        public Fair() {
            super(ReadersWritersLock.fair());
        }

        @Actor
        public void writer() {
            publish();
        }

        @Actor
        public void reader(I_Result r) {
            r.r1 = observe();
        }
    }

    @JCStressTest
    @JCStressMeta(WriterPublication.class)
    @State
    public static class ReaderPreference extends Body {
        public ReaderPreference() {
            super(ReadersWritersLock.readerPreference());
        }

        @Actor
        public void writer() {
            publish();
        }

        @Actor
        public void reader(I_Result r) {
            r.r1 = observe();
        }
    }

    @JCStressTest
    @JCStressMeta(WriterPublication.class)
    @State
    public static class WriterPreference extends Body {
        public WriterPreference() {
            super(ReadersWritersLock.writerPreference());
        }

        @Actor
        public void writer() {
            publish();
        }

        @Actor
        public void reader(I_Result r) {
            r.r1 = observe();
        }
    }
}
