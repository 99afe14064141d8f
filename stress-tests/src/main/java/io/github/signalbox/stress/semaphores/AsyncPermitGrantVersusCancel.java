package io.github.signalbox.stress.semaphores;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.semaphores.BoundedSemaphore;
import io.github.signalbox.semaphores.Fairness;
import io.github.signalbox.semaphores.Permit;
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
 * Proves that a grant racing with the cancellation of an asynchronous request loses no permit:
 * both permits of the semaphore are taken and an asynchronous request for 2 waits; one actor
 * returns the permits (which grants the request), the other cancels the request. At the end
 * (arbiter) the delivered handle, if any, is closed and both permits must be back, with nobody
 * queued: conservation. (Two actors: jcstress schedules no more actors than this machine's 2
 * CPUs.) Run alone:
 * {@code java -jar stress-tests/target/jcstress.jar -t AsyncPermitGrantVersusCancel}.
 */
@Description("A permit grant racing with cancel neither loses nor duplicates permits.")
@Outcome(id = {"1, 1", "0, 1"}, expect = ACCEPTABLE,
        desc = "Cancel (1) or the grant (0) won; the permits all came back.")
@Outcome(expect = FORBIDDEN, desc = "A permit was lost, or a request stayed queued.")
public class AsyncPermitGrantVersusCancel {

    /** The shared state and actor bodies; one subclass per fairness (and the mutant). */
    public abstract static class Body {
        private final BoundedSemaphore semaphore;
        private final CompletableFuture<Permit> request;

        protected Body(BoundedSemaphore semaphore) {
            this.semaphore = semaphore;
            semaphore.acquireUninterruptibly(2);
            this.request = semaphore.acquireAsync(2);
        }

        protected void release() {
            semaphore.release(2);
        }

        protected void cancel(II_Result r) {
            r.r1 = request.cancel(false) ? 1 : 0;
        }

        protected void conserve(II_Result r) {
            if (!request.isCancelled()) {
                request.join().close();
            }
            r.r2 = semaphore.availablePermits() == 2 && semaphore.getQueueLength() == 0 ? 1 : 0;
        }
    }

    @JCStressTest
    @JCStressMeta(AsyncPermitGrantVersusCancel.class)
    @State
    public static class Fifo extends Body {
        public Fifo() {
            super(new BoundedSemaphore(2, Fairness.FIFO));
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
    @JCStressMeta(AsyncPermitGrantVersusCancel.class)
    @State
    public static class Barging extends Body {
        public Barging() {
            super(new BoundedSemaphore(2, Fairness.BARGING));
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
