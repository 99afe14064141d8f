package io.github.signalbox.stress.ordering;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.Guard;
import io.github.signalbox.ordering.LockOrdering;
import io.github.signalbox.ordering.LockSet;
import io.github.signalbox.ordering.OrderedLock;
import io.github.signalbox.ordering.OrderingMutants;
import io.github.signalbox.ordering.OrderingPolicies;
import io.github.signalbox.ordering.PotentialDeadlockException;
import io.github.signalbox.stress.locks.LincheckSettings;
import io.github.signalbox.stress.locks.WaiterRace;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck tests of the lock-ordering family. {@link LockSet}: two threads taking the same two
 * locks through sets built in opposite orders never deadlock (model checking of that race, every
 * interleaving must terminate) and the sets exclude each other (linearizability of counter updates
 * made under them, model checking and stress). {@link LockOrdering} under THROW: two threads
 * taking two locks by hand in opposite orders never deadlock, because the later order is reported
 * before it blocks, and exactly which one is reported is linearizable (the first recorded order
 * wins). The mutants — a set that does not sort, a cycle check not atomic with the recording —
 * must be rejected: both deadlock in some interleaving, which model checking finds.
 */
class OrderingLincheckTest {

    /** Updates under two locks taken through sets built in opposite orders. */
    public abstract static class SetScenario {
        private final LockSet forward;
        private final LockSet backward;
        private int updates;

        protected SetScenario(LockSet forward, LockSet backward) {
            this.forward = forward;
            this.backward = backward;
        }

        @Operation
        public int forward() {
            return update(forward);
        }

        @Operation
        public int backward() {
            return update(backward);
        }

        private int update(LockSet set) {
            Guard g = set.hold();
            try {
                return ++updates;
            } finally {
                g.close();
            }
        }
    }

    /** Unchecked locks: a checked ordering would report (and so rescue) the unsorted sets. */
    private static OrderedLock[] twoLocks() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.DISABLED);
        return new OrderedLock[] {ordering.newLock("a"), ordering.newLock("b")};
    }

    public static class SortedSets extends SetScenario {
        public SortedSets() {
            this(twoLocks());
        }

        private SortedSets(OrderedLock[] l) {
            super(LockSet.of(l[0], l[1]), LockSet.of(l[1], l[0]));
        }
    }

    public static class UnsortedSets extends SetScenario {
        public UnsortedSets() {
            this(twoLocks());
        }

        private UnsortedSets(OrderedLock[] l) {
            super(OrderingMutants.unsortedSet(l[0], l[1]), OrderingMutants.unsortedSet(l[1], l[0]));
        }
    }

    /** Two locks taken by hand in opposite orders: 0 = took both, 1 = reported. */
    public abstract static class ByHandScenario {
        private final OrderedLock a;
        private final OrderedLock b;

        protected ByHandScenario(LockOrdering ordering) {
            this.a = ordering.newLock("a");
            this.b = ordering.newLock("b");
        }

        @Operation
        public int forward() {
            return take(a, b);
        }

        @Operation
        public int backward() {
            return take(b, a);
        }

        private static int take(OrderedLock first, OrderedLock second) {
            first.lock();
            try {
                second.lock();
                second.unlock();
                return 0;
            } catch (PotentialDeadlockException reported) {
                return 1;
            } finally {
                first.unlock();
            }
        }
    }

    public static class CheckedByHand extends ByHandScenario {
        public CheckedByHand() {
            super(new LockOrdering(OrderingPolicies.THROW));
        }
    }

    public static class RacyCheckByHand extends ByHandScenario {
        public RacyCheckByHand() {
            super(OrderingMutants.racyCheck(OrderingPolicies.THROW));
        }
    }

    /**
     * The races of two opposite orders need two threads; a third multiplies the interleavings
     * (and the graph searches and stack-trace captures of the checked ordering) for nothing.
     */
    private static ModelCheckingOptions twoThreads() {
        return LincheckSettings.modelChecking(2);
    }

    @Test
    void modelCheckingFindsNoDeadlockBetweenCrossingSets() {
        LinChecker.check(SortedSets.class, WaiterRace.of(SortedSets.class, "forward", "backward"));
    }

    @Test
    void setsModelChecking() {
        LinChecker.check(SortedSets.class, twoThreads());
    }

    @Test
    void setsStress() {
        LinChecker.check(SortedSets.class, LincheckSettings.stress());
    }

    @Test
    void modelCheckingFindsTheDeadlockOfUnsortedSets() {
        AssertionError e = assertThrows(AssertionError.class, () -> LinChecker.check(
                UnsortedSets.class, WaiterRace.of(UnsortedSets.class, "forward", "backward")));
        assertTrue(String.valueOf(e.getMessage()).contains(WaiterRace.HUNG), e::getMessage);
    }

    @Test
    void modelCheckingFindsNoDeadlockBetweenOppositeOrdersByHandUnderThrow() {
        LinChecker.check(CheckedByHand.class,
                WaiterRace.of(CheckedByHand.class, "forward", "backward"));
    }

    @Test
    void reportsModelChecking() {
        LinChecker.check(CheckedByHand.class, twoThreads());
    }

    @Test
    void reportsStress() {
        LinChecker.check(CheckedByHand.class, LincheckSettings.stress());
    }

    @Test
    void modelCheckingFindsTheDeadlockLetThroughByARacyCycleCheck() {
        AssertionError e = assertThrows(AssertionError.class, () -> LinChecker.check(
                RacyCheckByHand.class, WaiterRace.of(RacyCheckByHand.class, "forward", "backward")));
        assertTrue(String.valueOf(e.getMessage()).contains(WaiterRace.HUNG), e::getMessage);
    }
}
