package io.github.signalbox.stress.mutants;

import io.github.signalbox.ordering.LockOrdering;
import io.github.signalbox.ordering.OrderedLock;
import io.github.signalbox.ordering.OrderingMutants;
import io.github.signalbox.ordering.OrderingPolicies;
import io.github.signalbox.stress.ordering.OrderingTests;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** The lock-ordering tests, run against the ordering mutants: each must be rejected. */
public class OrderingMutantTests {

    /** A LockSet that does not sort: crossing sets deadlock, reported STALE. */
    @JCStressTest(Mode.Termination)
    @JCStressMeta(OrderingTests.CrossingSetsTerminate.class)
    @State
    public static class UnsortedCrossingSetsTerminate extends OrderingTests.CrossingBody {
        public UnsortedCrossingSetsTerminate() {
            this(OrderingTests.twoLocks());
        }

        private UnsortedCrossingSetsTerminate(OrderedLock[] l) {
            super(OrderingMutants.unsortedSet(l[0], l[1]), OrderingMutants.unsortedSet(l[1], l[0]));
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

    /**
     * A cycle check separate from the recording: both orders pass and deadlock until the (short)
     * timeout, seen as "2, 2", or both are recorded, "0, 0".
     */
    @JCStressTest
    @JCStressMeta(OrderingTests.OppositeOrdersReportedOnce.class)
    @State
    public static class RacyCheckOppositeOrdersReportedOnce extends OrderingTests.OppositeOrdersBody {
        public RacyCheckOppositeOrdersReportedOnce() {
            super(OrderingMutants.racyCheck(OrderingPolicies.THROW), 20);
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
