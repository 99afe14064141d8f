package io.github.signalbox.stress.locks;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.locks.ReadersWritersLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Proves the reader count does not leak (the 389-ds #4667 bug shape): two readers acquire and
 * release concurrently; afterwards nobody is counted as reading, nobody is queued, and a writer
 * gets in at once. Run alone: {@code java -jar stress-tests/target/jcstress.jar -t ReaderCountNoLeak}.
 */
@Description("After concurrent readers leave, the read count is 0 and a writer enters at once.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "No reader left behind; the writer got in.")
@Outcome(expect = FORBIDDEN, desc = "A read hold or a queued thread leaked.")
public class ReaderCountNoLeak {

    /** The shared state and actor bodies; one subclass per policy. */
    public abstract static class Body {
        private final ReadersWritersLock lock;

        protected Body(ReadersWritersLock lock) {
            this.lock = lock;
        }

        protected void readOnce() {
            lock.readLock().lock();
            lock.readLock().unlock();
        }

        protected void check(II_Result r) {
            r.r1 = lock.getReadLockCount() + lock.getQueueLength();
            r.r2 = lock.writeLock().tryLock() ? 1 : 0;
        }
    }

    @JCStressTest
    @JCStressMeta(ReaderCountNoLeak.class)
    @State
    public static class Fair extends Body {
        public Fair() {
            super(ReadersWritersLock.fair());
        }

        @Actor
        public void reader1() {
            readOnce();
        }

        @Actor
        public void reader2() {
            readOnce();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            check(r);
        }
    }

    @JCStressTest
    @JCStressMeta(ReaderCountNoLeak.class)
    @State
    public static class ReaderPreference extends Body {
        public ReaderPreference() {
            super(ReadersWritersLock.readerPreference());
        }

        @Actor
        public void reader1() {
            readOnce();
        }

        @Actor
        public void reader2() {
            readOnce();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            check(r);
        }
    }

    @JCStressTest
    @JCStressMeta(ReaderCountNoLeak.class)
    @State
    public static class WriterPreference extends Body {
        public WriterPreference() {
            super(ReadersWritersLock.writerPreference());
        }

        @Actor
        public void reader1() {
            readOnce();
        }

        @Actor
        public void reader2() {
            readOnce();
        }

        @Arbiter
        public void arbiter(II_Result r) {
            check(r);
        }
    }
}
