package io.github.signalbox.stress.locks;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.Guard;
import io.github.signalbox.locks.ReadersWritersLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Proves that asynchronous and blocking requests share one queue and one exclusion: a blocking
 * writer, and an actor that reads under an asynchronous read hold two fields every writer keeps
 * equal and then writes under an asynchronous write hold (whose callback may run on the blocking
 * writer's thread, when that one's release grants it). Every increment survives, the reader
 * never sees a half-done write, and the lock ends free. (Two actors: jcstress schedules no more
 * actors than this machine's 2 CPUs.) Run alone: {@code java -jar stress-tests/target/jcstress.jar -t AsyncBlockingExclusion}.
 */
@Description("Asynchronous and blocking requests exclude each other through one queue.")
@Outcome(id = {"2, 1, 1", "2, 0, 1"}, expect = ACCEPTABLE,
        desc = "Both increments survived, the reader saw a consistent pair, the lock is free.")
@Outcome(expect = FORBIDDEN, desc = "A lost increment, a torn read, or the lock left held.")
public class AsyncBlockingExclusion {

    /** The shared state and actor bodies; one subclass per policy. */
    public abstract static class Body {
        private final ReadersWritersLock lock;
        private int a;
        private int b;

        protected Body(ReadersWritersLock lock) {
            this.lock = lock;
        }

        private void increment() {
            a = a + 1;
            b = b + 1;
        }

        protected void blockingWriter() {
            Guard g = lock.write();
            try {
                increment();
            } finally {
                g.close();
            }
        }

        protected void asyncWriter() {
            lock.writeAsync().thenAccept(g -> {
                try {
                    increment();
                } finally {
                    g.close();
                }
            }).join();
        }

        protected void asyncReader(III_Result r) {
            r.r2 = lock.readAsync().thenApply(g -> {
                try {
                    return a == b ? (a == 0 ? 0 : 1) : -1;
                } finally {
                    g.close();
                }
            }).join();
        }

        protected void check(III_Result r) {
            r.r1 = a == b ? a : -1;
            r.r3 = !lock.isWriteLocked() && lock.getReadLockCount() == 0
                    && lock.getQueueLength() == 0 ? 1 : 0;
        }
    }

    @JCStressTest
    @JCStressMeta(AsyncBlockingExclusion.class)
    @State
    public static class Fair extends Body {
        public Fair() {
            super(ReadersWritersLock.fair());
        }

        @Actor
        public void writer() {
            blockingWriter();
        }

        @Actor
        public void asyncReaderThenWriter(III_Result r) {
            asyncReader(r);
            asyncWriter();
        }

        @Arbiter
        public void arbiter(III_Result r) {
            check(r);
        }
    }

    @JCStressTest
    @JCStressMeta(AsyncBlockingExclusion.class)
    @State
    public static class WriterPreference extends Body {
        public WriterPreference() {
            super(ReadersWritersLock.writerPreference());
        }

        @Actor
        public void writer() {
            blockingWriter();
        }

        @Actor
        public void asyncReaderThenWriter(III_Result r) {
            asyncReader(r);
            asyncWriter();
        }

        @Arbiter
        public void arbiter(III_Result r) {
            check(r);
        }
    }
}
