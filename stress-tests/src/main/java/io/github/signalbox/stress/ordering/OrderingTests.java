package io.github.signalbox.stress.ordering;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.Guard;
import io.github.signalbox.ordering.LockOrdering;
import io.github.signalbox.ordering.LockSet;
import io.github.signalbox.ordering.OrderedLock;
import io.github.signalbox.ordering.OrderingFixtures;
import io.github.signalbox.ordering.OrderingPolicies;
import io.github.signalbox.ordering.PotentialDeadlockException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress tests of the lock-ordering family, one nested class per property; each says what it
 * proves. Run one alone with
 * {@code java -jar stress-tests/target/jcstress.jar -t OrderingTests.CrossingSetsTerminate}.
 */
public final class OrderingTests {

    private OrderingTests() {
    }

    /**
     * Two threads taking the same two locks through sets built in opposite argument orders: the
     * actor, and a thread the signal starts (a jcstress signal runs in the harness thread, which
     * must never block). The actor waits for that thread at the end, so a deadlock between them
     * leaves the actor stuck and shows as STALE.
     */
    public abstract static class CrossingBody {
        static final int ROUNDS = 200;
        private final LockSet forward;
        private final LockSet backward;
        private volatile Thread other;
        private volatile boolean otherRunning;
        private int inside;

        protected CrossingBody(LockSet forward, LockSet backward) {
            this.forward = forward;
            this.backward = backward;
        }

        protected final void actorSide() {
            Thread t;
            while ((t = other) == null || !otherRunning) {
                Thread.onSpinWait(); // start together, so that the rounds overlap
            }
            cross(forward);
            try {
                t.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }

        protected final void signalSide() {
            Thread t = new Thread(() -> {
                otherRunning = true;
                cross(backward);
            }, "crossing");
            t.setDaemon(true);
            t.start();
            other = t;
        }

        private void cross(LockSet set) {
            for (int i = 0; i < ROUNDS; i++) {
                Guard g = set.hold();
                try {
                    inside++;
                } finally {
                    g.close();
                }
            }
        }
    }

    /** Two locks that dawdle after acquisition (see {@link OrderingFixtures}). */
    public static OrderedLock[] twoLocks() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.DISABLED);
        return new OrderedLock[] {OrderingFixtures.dawdlingLock(ordering, "a"),
            OrderingFixtures.dawdlingLock(ordering, "b")};
    }

    /** Proves crossing argument orders through LockSet never deadlock. */
    @JCStressTest(Mode.Termination)
    @Description("LockSet.of(a, b) and LockSet.of(b, a), taken by two threads, never deadlock.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "Both threads finished their rounds.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "The two sets deadlocked: not one order.")
    @State
    public static class CrossingSetsTerminate extends CrossingBody {
        public CrossingSetsTerminate() {
            this(twoLocks());
        }

        private CrossingSetsTerminate(OrderedLock[] l) {
            super(LockSet.of(l[0], l[1]), LockSet.of(l[1], l[0]));
        }

        @Actor
        public void actor() {
            actorSide();
        }

        @Signal
        public void signal() {
            signalSide();
        }
    }

    /** Proves two sets sharing a lock are never held at the same time (no lost update). */
    @JCStressTest
    @Description("Sets {a, b} and {c, b} share b: their holders never overlap.")
    @Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "One after the other.")
    @Outcome(expect = FORBIDDEN, desc = "Both held b at once: a lost update.")
    @State
    public static class OverlappingSetsExclude {
        private final LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        private final OrderedLock a = ordering.newLock("a");
        private final OrderedLock b = ordering.newLock("b");
        private final OrderedLock c = ordering.newLock("c");
        private final LockSet left = LockSet.of(a, b);
        private final LockSet right = LockSet.of(c, b);
        private int shared;

        @Actor
        public void left(II_Result r) {
            Guard g = left.hold();
            try {
                r.r1 = shared;
                shared = r.r1 + 1;
            } finally {
                g.close();
            }
        }

        @Actor
        public void right(II_Result r) {
            Guard g = right.hold();
            try {
                r.r2 = shared;
                shared = r.r2 + 1;
            } finally {
                g.close();
            }
        }
    }

    /**
     * Two threads take a then b, and b then a, by hand under THROW. The result of each: 0 took
     * both, 1 was reported, 2 timed out waiting for its second lock (a real deadlock, broken only
     * by the timeout).
     */
    public abstract static class OppositeOrdersBody {
        private final OrderedLock a;
        private final OrderedLock b;
        private final long timeoutMillis;

        protected OppositeOrdersBody(LockOrdering ordering, long timeoutMillis) {
            this.a = ordering.newLock("a");
            this.b = ordering.newLock("b");
            this.timeoutMillis = timeoutMillis;
        }

        protected final int forward() {
            return take(a, b);
        }

        protected final int backward() {
            return take(b, a);
        }

        private int take(OrderedLock first, OrderedLock second) {
            first.lock();
            try {
                if (!second.tryLock(timeoutMillis, TimeUnit.MILLISECONDS)) {
                    return 2;
                }
                second.unlock();
                return 0;
            } catch (PotentialDeadlockException e) {
                return 1;
            } catch (InterruptedException e) {
                return 3;
            } finally {
                first.unlock();
            }
        }
    }

    /** Proves the cycle check is atomic with the recording: exactly one order is reported. */
    @JCStressTest
    @Description("a-then-b and b-then-a by hand under THROW: exactly one is reported, none hangs.")
    @Outcome(id = {"0, 1", "1, 0"}, expect = ACCEPTABLE, desc = "The later order was reported.")
    @Outcome(expect = FORBIDDEN, desc = "Both or neither reported, or a deadlock timed out.")
    @State
    public static class OppositeOrdersReportedOnce extends OppositeOrdersBody {
        public OppositeOrdersReportedOnce() {
            super(new LockOrdering(OrderingPolicies.THROW), 10_000);
        }

        @Actor
        public void forwardActor(II_Result r) {
            r.r1 = forward();
        }

        @Actor
        public void backwardActor(II_Result r) {
            r.r2 = backward();
        }
    }
}
