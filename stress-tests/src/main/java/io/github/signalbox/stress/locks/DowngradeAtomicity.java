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
 * Proves downgrade atomicity: a writer sets x = 1, takes the read lock, releases the write lock
 * and reads x again; another writer that sets x = 2 can never get in between. Run alone:
 * {@code java -jar stress-tests/target/jcstress.jar -t DowngradeAtomicity}.
 */
@Description("No writer gets in between a write lock and its downgrade to a read lock.")
@Outcome(id = "1, 0", expect = ACCEPTABLE, desc = "The other writer ran first.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "The other writer ran after the downgrader read.")
@Outcome(expect = FORBIDDEN, desc = "A writer got in during the downgrade.")
public class DowngradeAtomicity {

    /** The shared state and actor bodies; one subclass per policy. */
    public abstract static class Body {
        private final ReadersWritersLock lock;
        private int x;

        protected Body(ReadersWritersLock lock) {
            this.lock = lock;
        }

        protected int writeThenDowngrade() {
            lock.writeLock().lock();
            x = 1;
            lock.readLock().lock();
            lock.writeLock().unlock();
            try {
                return x;
            } finally {
                lock.readLock().unlock();
            }
        }

        protected int overwrite() {
            lock.writeLock().lock();
            try {
                int seen = x;
                x = 2;
                return seen;
            } finally {
                lock.writeLock().unlock();
            }
        }
    }

    @JCStressTest
    @JCStressMeta(DowngradeAtomicity.class)
    @State
    public static class Fair extends Body {
        public Fair() {
            super(ReadersWritersLock.fair());
        }

        @Actor
        public void downgrader(II_Result r) {
            r.r1 = writeThenDowngrade();
        }

        @Actor
        public void writer(II_Result r) {
            r.r2 = overwrite();
        }
    }

    @JCStressTest
    @JCStressMeta(DowngradeAtomicity.class)
    @State
    public static class ReaderPreference extends Body {
        public ReaderPreference() {
            super(ReadersWritersLock.readerPreference());
        }

        @Actor
        public void downgrader(II_Result r) {
            r.r1 = writeThenDowngrade();
        }

        @Actor
        public void writer(II_Result r) {
            r.r2 = overwrite();
        }
    }

    @JCStressTest
    @JCStressMeta(DowngradeAtomicity.class)
    @State
    public static class WriterPreference extends Body {
        public WriterPreference() {
            super(ReadersWritersLock.writerPreference());
        }

        @Actor
        public void downgrader(II_Result r) {
            r.r1 = writeThenDowngrade();
        }

        @Actor
        public void writer(II_Result r) {
            r.r2 = overwrite();
        }
    }
}
