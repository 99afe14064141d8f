package io.github.signalbox.stress.locks;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.UpgradableGuard;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Proves that two upgradable read holds exclude each other: two threads each increment a plain
 * counter under the upgradable read lock (a read-modify-write that two overlapping holders
 * would lose). Run alone: {@code java -jar stress-tests/target/jcstress.jar -t UpgradableExclusion}.
 */
@Description("At most one thread holds the upgradable read lock at a time.")
@Outcome(id = "2", expect = ACCEPTABLE, desc = "The holds did not overlap.")
@Outcome(expect = FORBIDDEN, desc = "Two upgradable holds overlapped: an increment was lost.")
public class UpgradableExclusion {

    /** The shared state and actor bodies; one subclass per policy. */
    public abstract static class Body {
        private final ReadersWritersLock lock;
        private int count;

        protected Body(ReadersWritersLock lock) {
            this.lock = lock;
        }

        protected void increment() {
            UpgradableGuard u = lock.upgradable();
            try {
                int seen = count;
                Thread.onSpinWait();
                count = seen + 1;
            } finally {
                u.close();
            }
        }

        protected void result(I_Result r) {
            UpgradableGuard u = lock.upgradable();
            try {
                r.r1 = count;
            } finally {
                u.close();
            }
        }
    }

    @JCStressTest
    @JCStressMeta(UpgradableExclusion.class)
    @State
    public static class Fair extends Body {
        public Fair() {
            super(ReadersWritersLock.fair());
        }

        @Actor
        public void first() {
            increment();
        }

        @Actor
        public void second() {
            increment();
        }

        @Arbiter
        public void arbiter(I_Result r) {
            result(r);
        }
    }

    @JCStressTest
    @JCStressMeta(UpgradableExclusion.class)
    @State
    public static class ReaderPreference extends Body {
        public ReaderPreference() {
            super(ReadersWritersLock.readerPreference());
        }

        @Actor
        public void first() {
            increment();
        }

        @Actor
        public void second() {
            increment();
        }

        @Arbiter
        public void arbiter(I_Result r) {
            result(r);
        }
    }

    @JCStressTest
    @JCStressMeta(UpgradableExclusion.class)
    @State
    public static class WriterPreference extends Body {
        public WriterPreference() {
            super(ReadersWritersLock.writerPreference());
        }

        @Actor
        public void first() {
            increment();
        }

        @Actor
        public void second() {
            increment();
        }

        @Arbiter
        public void arbiter(I_Result r) {
            result(r);
        }
    }
}
