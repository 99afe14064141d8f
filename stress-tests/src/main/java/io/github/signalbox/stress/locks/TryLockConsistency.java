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
 * Proves tryLock consistency: on a free lock, a racing write tryLock and read tryLock (neither
 * releases) never both succeed, and never both fail (the loser always sees a real holder). Run
 * alone: {@code java -jar stress-tests/target/jcstress.jar -t TryLockConsistency}.
 */
@Description("Racing tryLock() of both sides on a free lock: exactly one side wins.")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The writer won.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The reader won.")
@Outcome(id = "1, 1", expect = FORBIDDEN, desc = "Both sides hold the lock at once.")
@Outcome(id = "0, 0", expect = FORBIDDEN, desc = "Both failed on a lock nobody held.")
public class TryLockConsistency {

    /** The shared state and actor bodies; one subclass per policy. */
    public abstract static class Body {
        private final ReadersWritersLock lock;

        protected Body(ReadersWritersLock lock) {
            this.lock = lock;
        }

        protected int tryWrite() {
            return lock.writeLock().tryLock() ? 1 : 0;
        }

        protected int tryRead() {
            return lock.readLock().tryLock() ? 1 : 0;
        }
    }

    @JCStressTest
    @JCStressMeta(TryLockConsistency.class)
    @State
    public static class Fair extends Body {
        public Fair() {
            super(ReadersWritersLock.fair());
        }

        @Actor
        public void writer(II_Result r) {
            r.r1 = tryWrite();
        }

        @Actor
        public void reader(II_Result r) {
            r.r2 = tryRead();
        }
    }

    @JCStressTest
    @JCStressMeta(TryLockConsistency.class)
    @State
    public static class ReaderPreference extends Body {
        public ReaderPreference() {
            super(ReadersWritersLock.readerPreference());
        }

        @Actor
        public void writer(II_Result r) {
            r.r1 = tryWrite();
        }

        @Actor
        public void reader(II_Result r) {
            r.r2 = tryRead();
        }
    }

    @JCStressTest
    @JCStressMeta(TryLockConsistency.class)
    @State
    public static class WriterPreference extends Body {
        public WriterPreference() {
            super(ReadersWritersLock.writerPreference());
        }

        @Actor
        public void writer(II_Result r) {
            r.r1 = tryWrite();
        }

        @Actor
        public void reader(II_Result r) {
            r.r2 = tryRead();
        }
    }
}
