package io.github.signalbox.stress.locks;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.Guard;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.UpgradableGuard;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Proves that an upgrade lets no writer in between: a thread reads x under the upgradable read
 * lock, upgrades and reads x again; a writer that sets x = 2 can come before or after, never
 * between the two reads. Run alone:
 * {@code java -jar stress-tests/target/jcstress.jar -t UpgradeAtomicity}.
 */
@Description("No writer gets in between an upgradable read and its upgrade to the write lock.")
@Outcome(id = "0, 0", expect = ACCEPTABLE, desc = "The writer ran after the upgrade.")
@Outcome(id = "2, 2", expect = ACCEPTABLE, desc = "The writer ran before the upgradable read.")
@Outcome(expect = FORBIDDEN, desc = "A writer got in between the read and the upgrade.")
public class UpgradeAtomicity {

    /** The shared state and actor bodies; one subclass per policy (and the mutant). */
    public abstract static class Body {
        private final ReadersWritersLock lock;
        private int x;

        protected Body(ReadersWritersLock lock) {
            this.lock = lock;
        }

        /** Reads x under the upgradable hold, upgrades, reads it again and writes 1. */
        protected void readThenUpgrade(II_Result r) {
            UpgradableGuard u = lock.upgradable();
            try {
                r.r1 = x;
                Guard w = u.upgrade();
                try {
                    r.r2 = x;
                    x = 1;
                } finally {
                    w.close();
                }
            } finally {
                u.close();
            }
        }

        /**
         * As {@link #readThenUpgrade}, asynchronously: the reads run in the completions of
         * {@code upgradableAsync()} and {@code upgradeAsync()} (on this thread or the writer's).
         */
        protected void readThenUpgradeAsync(II_Result r) {
            lock.upgradableAsync().thenCompose(u -> {
                r.r1 = x;
                return u.upgradeAsync().thenAccept(w -> {
                    try {
                        r.r2 = x;
                        x = 1;
                    } finally {
                        w.close();
                        u.close();
                    }
                });
            }).join();
        }

        /** Writes 2 unless the upgrader wrote first. */
        protected void write() {
            Guard w = lock.write();
            try {
                if (x == 0) {
                    x = 2;
                }
            } finally {
                w.close();
            }
        }
    }

    @JCStressTest
    @JCStressMeta(UpgradeAtomicity.class)
    @State
    public static class Fair extends Body {
        public Fair() {
            super(ReadersWritersLock.fair());
        }

        @Actor
        public void upgrader(II_Result r) {
            readThenUpgrade(r);
        }

        @Actor
        public void writer() {
            write();
        }
    }

    @JCStressTest
    @JCStressMeta(UpgradeAtomicity.class)
    @State
    public static class ReaderPreference extends Body {
        public ReaderPreference() {
            super(ReadersWritersLock.readerPreference());
        }

        @Actor
        public void upgrader(II_Result r) {
            readThenUpgrade(r);
        }

        @Actor
        public void writer() {
            write();
        }
    }

    @JCStressTest
    @JCStressMeta(UpgradeAtomicity.class)
    @State
    public static class WriterPreference extends Body {
        public WriterPreference() {
            super(ReadersWritersLock.writerPreference());
        }

        @Actor
        public void upgrader(II_Result r) {
            readThenUpgrade(r);
        }

        @Actor
        public void writer() {
            write();
        }
    }

    /** The asynchronous upgradable hold and upgrade against a blocking writer (FAIR). */
    @JCStressTest
    @JCStressMeta(UpgradeAtomicity.class)
    @State
    public static class AsyncFair extends Body {
        public AsyncFair() {
            super(ReadersWritersLock.fair());
        }

        @Actor
        public void upgrader(II_Result r) {
            readThenUpgradeAsync(r);
        }

        @Actor
        public void writer() {
            write();
        }
    }
}
