package io.github.signalbox.stress.counters;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.counters.AtomicCounter;
import io.github.signalbox.counters.BoundedCounter;
import io.github.signalbox.counters.WaitGroup;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * jcstress tests of the counters, one nested class per property; each says what it proves. Run
 * one alone with {@code java -jar stress-tests/target/jcstress.jar -t CounterTests.IncrementsNeverLost}.
 */
public final class CounterTests {

    private CounterTests() {
    }

    /** Shared body of the counter tests (also run against the mutants). */
    public abstract static class CountBody {
        protected final Count count;

        protected CountBody(Count count) {
            this.count = count;
        }
    }

    /** Proves no lost update: the race of the classic {@code counter += 1} demonstration. */
    @JCStressTest
    @Description("Two threads increment an AtomicCounter once each: it ends at 2 and each got a"
            + " distinct new value.")
    @Outcome(id = {"1, 2, 2", "2, 1, 2"}, expect = ACCEPTABLE, desc = "Both increments counted.")
    @Outcome(expect = FORBIDDEN, desc = "An increment was lost or two saw the same value.")
    @State
    public static class IncrementsNeverLost extends CountBody {
        public IncrementsNeverLost() {
            super(Count.of(new AtomicCounter()));
        }

        @Actor
        public void incrementer1(III_Result r) {
            r.r1 = (int) count.increment();
        }

        @Actor
        public void incrementer2(III_Result r) {
            r.r2 = (int) count.increment();
        }

        @Arbiter
        public void total(III_Result r) {
            r.r3 = (int) count.get();
        }
    }

    /** Proves no lost wakeup: a thread waiting for a threshold wakes on the update reaching it. */
    @JCStressTest(Mode.Termination)
    @Description("A thread blocked in awaitAtLeast(1) wakes when another thread increments.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The waiter was released.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "The update never woke it: a lost wakeup.")
    @State
    public static class UpdateWakesWaiter extends CountBody {
        public UpdateWakesWaiter() {
            super(Count.of(new AtomicCounter()));
        }

        @Actor
        public void waiter() {
            count.waitUntilAtLeast(1);
        }

        @Signal
        public void update() {
            count.increment();
        }
    }

    /** Proves visibility: data written before an update is seen by the waiter it releases. */
    @JCStressTest
    @Description("A waiter released by an increment sees the data written before the increment.")
    @Outcome(id = "42", expect = ACCEPTABLE, desc = "The waiter saw the data.")
    @Outcome(expect = FORBIDDEN, desc = "Released without seeing the data written before.")
    @State
    public static class ReleasedWaiterSeesData {
        private final AtomicCounter counter = new AtomicCounter();
        private int data;

        @Actor
        public void writer() {
            data = 42;
            counter.increment();
        }

        @Actor
        public void waiter(I_Result r) {
            counter.awaitAtLeastUninterruptibly(1);
            r.r1 = data;
        }
    }

    /** Proves a bounded counter never leaves its range under racing increments. */
    @JCStressTest
    @Description("Two threads tryIncrement a BoundedCounter [0, 1] at 0: exactly one succeeds.")
    @Outcome(id = {"1, 0, 1", "0, 1, 1"}, expect = ACCEPTABLE, desc = "One in, value at max.")
    @Outcome(expect = FORBIDDEN, desc = "Both got in (value 2, out of range) or none did.")
    @State
    public static class BoundedNeverLeavesItsRange {
        private final BoundedCounter counter = new BoundedCounter(0, 1, 0);

        @Actor
        public void incrementer1(III_Result r) {
            r.r1 = counter.tryIncrement() ? 1 : 0;
        }

        @Actor
        public void incrementer2(III_Result r) {
            r.r2 = counter.tryIncrement() ? 1 : 0;
        }

        @Arbiter
        public void value(III_Result r) {
            r.r3 = (int) counter.get();
        }
    }

    /** Proves no lost wakeup for a WaitGroup: the last done() releases the waiter. */
    @JCStressTest(Mode.Termination)
    @Description("A thread blocked in WaitGroup.await() wakes when the last task is done.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The waiter was released.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "done() never woke it.")
    @State
    public static class WaitGroupDoneWakesWaiter {
        private final WaitGroup group = new WaitGroup();

        public WaitGroupDoneWakesWaiter() {
            group.add(1);
        }

        @Actor
        public void waiter() {
            group.awaitUninterruptibly();
        }

        @Signal
        public void done() {
            group.done();
        }
    }

    /**
     * Proves a waiter's condition that throws an {@link Error} fails that waiter only: the
     * update that made it throw completes normally and nobody stays registered (a defect once
     * let the Error escape into the updating thread, stranding the other waiters and leaving
     * the thrower registered). That other waiters are still released is a unit test's job.
     */
    @JCStressTest
    @Description("A waiter whose condition throws an Error at value 1 races the increment to 1:"
            + " only the waiter gets the Error.")
    @Outcome(id = "1, 0, 0", expect = ACCEPTABLE, desc = "The Error reached its own waiter;"
            + " the increment succeeded; nobody is left registered.")
    @Outcome(expect = FORBIDDEN, desc = "The Error escaped into the updater, was lost, or a"
            + " registration was left behind.")
    @State
    public static class ThrowingConditionFailsOnlyItsWaiter {
        /** The failure the condition throws. */
        static final class ConditionFailure extends Error {
            private static final long serialVersionUID = 1L;

            ConditionFailure() {
                super("condition failed", null, false, false);
            }
        }

        private final AtomicCounter counter = new AtomicCounter();

        @Actor
        public void throwingWaiter(III_Result r) {
            try {
                counter.awaitValue(v -> {
                    if (v == 1) {
                        throw new ConditionFailure();
                    }
                    return false;
                }, java.time.Duration.ofSeconds(1));
                r.r1 = 2; // timed out: its Error was lost
            } catch (ConditionFailure expected) {
                r.r1 = 1;
            } catch (Throwable e) {
                r.r1 = 3;
            }
        }

        @Actor
        public void updater(III_Result r) {
            try {
                counter.increment();
                r.r2 = 0;
            } catch (Throwable e) {
                r.r2 = 1;
            }
        }

        @Arbiter
        public void registered(III_Result r) {
            r.r3 = counter.getWaiterCount();
        }
    }
}
