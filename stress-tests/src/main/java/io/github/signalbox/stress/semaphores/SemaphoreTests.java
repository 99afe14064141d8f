package io.github.signalbox.stress.semaphores;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.semaphores.BoundedSemaphore;
import io.github.signalbox.semaphores.Fairness;
import io.github.signalbox.semaphores.OverReleaseException;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * jcstress tests of {@link BoundedSemaphore}, one nested class per property; each says what it
 * proves. Run one alone with
 * {@code java -jar stress-tests/target/jcstress.jar -t SemaphoreTests.LastPermitTakenOnce}.
 */
public final class SemaphoreTests {

    private SemaphoreTests() {
    }

    /** Shared body of the exclusion tests (also run against the mutants). */
    public abstract static class OnePermitBody {
        protected final BoundedSemaphore semaphore;

        protected OnePermitBody(BoundedSemaphore semaphore) {
            this.semaphore = semaphore;
        }
    }

    /** Proves the last permit goes to exactly one of two racing threads (FIFO). */
    @JCStressTest
    @Description("Two threads race for the only permit of a BoundedSemaphore: exactly one gets it.")
    @Outcome(id = {"1, 0", "0, 1"}, expect = ACCEPTABLE, desc = "Exactly one thread got it.")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "One permit was handed out twice.")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "A free permit was refused to both.")
    @State
    public static class LastPermitTakenOnce extends OnePermitBody {
        public LastPermitTakenOnce() {
            super(BoundedSemaphore.fifo(1));
        }

        @Actor
        public void taker1(II_Result r) {
            r.r1 = semaphore.tryAcquire() ? 1 : 0;
        }

        @Actor
        public void taker2(II_Result r) {
            r.r2 = semaphore.tryAcquire() ? 1 : 0;
        }
    }

    /** The same property for a barging semaphore. */
    @JCStressTest
    @Description("Two threads race for the only permit of a barging BoundedSemaphore.")
    @Outcome(id = {"1, 0", "0, 1"}, expect = ACCEPTABLE, desc = "Exactly one thread got it.")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "One permit was handed out twice.")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "A free permit was refused to both.")
    @State
    public static class BargingLastPermitTakenOnce extends OnePermitBody {
        public BargingLastPermitTakenOnce() {
            super(BoundedSemaphore.barging(1));
        }

        @Actor
        public void taker1(II_Result r) {
            r.r1 = semaphore.tryAcquire() ? 1 : 0;
        }

        @Actor
        public void taker2(II_Result r) {
            r.r2 = semaphore.tryAcquire() ? 1 : 0;
        }
    }

    /** Shared body of the over-release test: bound 2, one permit out. */
    public abstract static class OverReleaseBody {
        protected final BoundedSemaphore semaphore;

        protected OverReleaseBody(BoundedSemaphore semaphore) {
            this.semaphore = semaphore;
            semaphore.acquireUninterruptibly();
        }

        protected final int release() {
            try {
                semaphore.release();
                return 1;
            } catch (OverReleaseException refused) {
                return 0;
            }
        }
    }

    /** Proves two racing releases of one outstanding permit cannot both pass the bound check. */
    @JCStressTest
    @Description("One permit is out; two threads release one each: exactly one release is accepted"
            + " and the semaphore ends at its bound.")
    @Outcome(id = {"1, 0, 2", "0, 1, 2"}, expect = ACCEPTABLE,
            desc = "One release accepted, one refused; available == bound.")
    @Outcome(expect = FORBIDDEN, desc = "Both passed the bound check, or the count is wrong.")
    @State
    public static class RacingReleasesRespectTheBound extends OverReleaseBody {
        public RacingReleasesRespectTheBound() {
            super(BoundedSemaphore.fifo(2));
        }

        @Actor
        public void releaser1(III_Result r) {
            r.r1 = release();
        }

        @Actor
        public void releaser2(III_Result r) {
            r.r2 = release();
        }

        @Arbiter
        public void available(III_Result r) {
            r.r3 = semaphore.availablePermits();
        }
    }

    /** Proves permits are conserved when single and double requests interleave. */
    @JCStressTest
    @Description("Threads take and return 1 and 2 permits of a bound-2 semaphore: all come back.")
    @Outcome(id = "2", expect = ACCEPTABLE, desc = "Every permit came back.")
    @Outcome(expect = FORBIDDEN, desc = "Permits were lost or created.")
    @State
    public static class PermitsAreConserved {
        private final BoundedSemaphore semaphore = BoundedSemaphore.barging(2);

        @Actor
        public void single() {
            if (semaphore.tryAcquire()) {
                semaphore.release();
            }
        }

        @Actor
        public void pair() {
            if (semaphore.tryAcquire(2)) {
                semaphore.release(2);
            }
        }

        @Arbiter
        public void available(I_Result r) {
            r.r1 = semaphore.availablePermits();
        }
    }

    /** Proves a release publishes what the releaser wrote to the thread that takes the permit. */
    @JCStressTest
    @Description("Data written before release() is visible to the thread that acquires the permit.")
    @Outcome(id = "0, -1", expect = ACCEPTABLE, desc = "The permit was not released yet.")
    @Outcome(id = "1, 42", expect = ACCEPTABLE, desc = "Acquired, and the data was seen.")
    @Outcome(expect = FORBIDDEN, desc = "Acquired without seeing the data written before release.")
    @State
    public static class ReleasePublishes {
        private final BoundedSemaphore semaphore = BoundedSemaphore.fifo(1);
        private int data;

        public ReleasePublishes() {
            semaphore.acquireUninterruptibly();
        }

        @Actor
        public void releaser() {
            data = 42;
            semaphore.release();
        }

        @Actor
        public void acquirer(II_Result r) {
            if (semaphore.tryAcquire()) {
                r.r1 = 1;
                r.r2 = data;
            } else {
                r.r1 = 0;
                r.r2 = -1;
            }
        }
    }

    /** Proves no lost wakeup: a thread blocked in acquire() wakes when a permit is released. */
    @JCStressTest(Mode.Termination)
    @Description("A thread blocked in acquire() wakes when another thread releases a permit.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The waiter got the permit.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "The waiter was never woken.")
    @State
    public static class ReleaseWakesWaiter {
        private final BoundedSemaphore semaphore = new BoundedSemaphore(1, Fairness.FIFO);

        public ReleaseWakesWaiter() {
            semaphore.acquireUninterruptibly();
        }

        @Actor
        public void waiter() {
            semaphore.acquireUninterruptibly();
        }

        @Signal
        public void signal() {
            semaphore.release();
        }
    }

    /** A barging semaphore whose only permit is held; for the stolen-permit tests. */
    public abstract static class StolenPermitBody {
        protected final BoundedSemaphore semaphore;

        protected StolenPermitBody(BoundedSemaphore semaphore) {
            this.semaphore = semaphore;
            semaphore.acquireUninterruptibly();
        }

        /** The queued thread. */
        protected void waitForPermit() {
            semaphore.acquireUninterruptibly();
        }

        /** Releases, takes the permit back before the woken waiter runs, releases again. */
        protected void releaseStealRelease() {
            semaphore.release();
            if (semaphore.tryAcquire()) { // barging: a running thread may take it first
                semaphore.release();
            }
        }
    }

    /**
     * Proves no lost wakeup in BARGING mode when a running thread steals the permit the queue's
     * head was woken for: the head's retry fails, and the thief's release must serve it again.
     */
    @JCStressTest(Mode.Termination)
    @Description("BARGING: a queued thread is woken by a release, a running thread takes the"
            + " permit first and releases it again: the queued thread must still get it.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The waiter got the permit.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "The waiter was never served again.")
    @State
    public static class BargingStolenPermitWakesWaiter extends StolenPermitBody {
        public BargingStolenPermitWakesWaiter() {
            super(BoundedSemaphore.barging(1));
        }

        @Actor
        public void waiter() {
            waitForPermit();
        }

        @Signal
        public void signal() {
            releaseStealRelease();
        }
    }

    /** Proves raising the bound admits a blocked waiter at once. */
    @JCStressTest(Mode.Termination)
    @Description("A thread blocked in acquire() wakes when the bound is raised.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The waiter got a new permit.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "The raise did not admit the waiter.")
    @State
    public static class RaisedBoundWakesWaiter {
        private final BoundedSemaphore semaphore = BoundedSemaphore.barging(1);

        public RaisedBoundWakesWaiter() {
            semaphore.acquireUninterruptibly();
        }

        @Actor
        public void waiter() {
            semaphore.acquireUninterruptibly();
        }

        @Signal
        public void signal() {
            semaphore.setBound(2);
        }
    }
}
