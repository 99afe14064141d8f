package io.github.signalbox.stress.locks;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.Guard;
import io.github.signalbox.locks.ReadersWritersLock;
import java.util.concurrent.CompletableFuture;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Proves that a grant racing with the cancellation of an asynchronous request loses nothing: an
 * asynchronous write request waits behind an asynchronous read hold; one actor closes the hold
 * (which grants the request), the other cancels the request's future. Either the cancel wins
 * (the request leaves the queue, or the grant is released again) or the grant does (the cancel
 * fails and the arbiter closes the delivered guard); in both cases the lock ends free with
 * nobody queued (conservation, checked by the arbiter). Run alone:
 * {@code java -jar stress-tests/target/jcstress.jar -t AsyncGrantVersusCancel}.
 */
@Description("A grant racing with cancel neither loses the lock nor leaves a registration.")
@Outcome(id = "1, 1", expect = ACCEPTABLE, desc = "Cancel won; the lock ended free.")
@Outcome(id = "0, 1", expect = ACCEPTABLE, desc = "The grant won; the lock ended free.")
@Outcome(id = {"1, 0", "0, 0"}, expect = FORBIDDEN,
        desc = "The lock ended held or with a request queued: a grant or a waiter was lost.")
public class AsyncGrantVersusCancel {

    /** The shared state and actor bodies; one subclass per policy (and the mutant). */
    public abstract static class Body {
        private final ReadersWritersLock lock;
        private final Guard reading;
        private final CompletableFuture<Guard> request;

        protected Body(ReadersWritersLock lock) {
            this.lock = lock;
            this.reading = lock.readAsync().join();
            this.request = lock.writeAsync(); // queued behind the read hold
        }

        /** Closes the read hold, which grants the queued request. */
        protected void release() {
            reading.close();
        }

        protected void cancel(II_Result r) {
            r.r1 = request.cancel(false) ? 1 : 0;
        }

        protected void conserve(II_Result r) {
            if (!request.isCancelled()) {
                request.join().close();
            }
            r.r2 = !lock.isWriteLocked() && lock.getReadLockCount() == 0
                    && lock.getQueueLength() == 0 ? 1 : 0;
        }
    }

    @JCStressTest
    @JCStressMeta(AsyncGrantVersusCancel.class)
    @State
    public static class Fair extends Body {
        public Fair() {
            super(ReadersWritersLock.fair());
        }

        @Actor
        public void releaser() {
            release();
        }

        @Actor
        public void canceller(II_Result r) {
            cancel(r);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            conserve(r);
        }
    }

    @JCStressTest
    @JCStressMeta(AsyncGrantVersusCancel.class)
    @State
    public static class ReaderPreference extends Body {
        public ReaderPreference() {
            super(ReadersWritersLock.readerPreference());
        }

        @Actor
        public void releaser() {
            release();
        }

        @Actor
        public void canceller(II_Result r) {
            cancel(r);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            conserve(r);
        }
    }

    @JCStressTest
    @JCStressMeta(AsyncGrantVersusCancel.class)
    @State
    public static class WriterPreference extends Body {
        public WriterPreference() {
            super(ReadersWritersLock.writerPreference());
        }

        @Actor
        public void releaser() {
            release();
        }

        @Actor
        public void canceller(II_Result r) {
            cancel(r);
        }

        @Arbiter
        public void arbiter(II_Result r) {
            conserve(r);
        }
    }
}
