package io.github.signalbox.stress.counters;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.counters.AtomicCounter;
import io.github.signalbox.counters.BoundedCounter;
import io.github.signalbox.counters.CounterMutants;
import io.github.signalbox.counters.WaitGroup;
import io.github.signalbox.stress.locks.LincheckSettings;
import io.github.signalbox.stress.locks.WaiterRace;
import org.jetbrains.kotlinx.lincheck.LinChecker;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;
import org.jetbrains.kotlinx.lincheck.annotations.Param;
import org.jetbrains.kotlinx.lincheck.paramgen.IntGen;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * Lincheck tests of the counters: AtomicCounter, BoundedCounter and WaitGroup against their own
 * sequential behaviour in model checking and stress mode; model checking of a waiter racing the
 * update that releases it (a hand-written scenario, since a random one would often wait for an
 * update that never comes), for the counter and for the WaitGroup; and the checks that the
 * lost-update and lost-wakeup mutants are rejected.
 */
class CounterLincheckTest {

    @Param(name = "delta", gen = IntGen.class, conf = "-2:2")
    @Param(name = "small", gen = IntGen.class, conf = "0:2")
    public static class AtomicScenario {
        private final AtomicCounter counter = new AtomicCounter();

        @Operation
        public long increment() {
            return counter.increment();
        }

        @Operation
        public long decrement() {
            return counter.decrement();
        }

        @Operation
        public long add(@Param(name = "delta") int delta) {
            return counter.add(delta);
        }

        @Operation
        public long getAndAdd(@Param(name = "delta") int delta) {
            return counter.getAndAdd(delta);
        }

        @Operation
        public boolean compareAndSet(@Param(name = "small") int expected,
                @Param(name = "small") int next) {
            return counter.compareAndSet(expected, next);
        }

        @Operation
        public long doubleIt() {
            return counter.updateAndGet(v -> v * 2);
        }

        @Operation
        public long get() {
            return counter.get();
        }
    }

    @Param(name = "delta", gen = IntGen.class, conf = "-2:2")
    public static class BoundedScenario {
        private final BoundedCounter counter = new BoundedCounter(0, 3, 1);

        @Operation
        public boolean tryAdd(@Param(name = "delta") int delta) {
            return counter.tryAdd(delta);
        }

        @Operation
        public long add(@Param(name = "delta") int delta) {
            return counter.add(delta);
        }

        @Operation
        public long get() {
            return counter.get();
        }
    }

    public static class WaitGroupScenario {
        private final WaitGroup group = new WaitGroup();

        @Operation
        public void addOne() {
            group.add(1);
        }

        @Operation
        public void done() {
            group.done();
        }

        @Operation
        public int count() {
            return group.count();
        }

        @Operation
        public boolean tryAwait() {
            return group.tryAwait();
        }
    }

    /** A counter behind {@link Count}; subclasses pick the real one or a mutant. */
    public abstract static class CountScenario {
        private final Count count;

        protected CountScenario(Count count) {
            this.count = count;
        }

        @Operation
        public long increment() {
            return count.increment();
        }

        @Operation
        public long get() {
            return count.get();
        }

        @Operation
        public long waitUntilAtLeastOne() {
            return count.waitUntilAtLeast(1);
        }
    }

    public static class RealCountScenario extends CountScenario {
        public RealCountScenario() {
            super(Count.of(new AtomicCounter()));
        }
    }

    public static class PlainIncrementScenario extends CountScenario {
        public PlainIncrementScenario() {
            super(new CounterMutants.PlainIncrement());
        }
    }

    public static class SilentIncrementScenario extends CountScenario {
        public SilentIncrementScenario() {
            super(new CounterMutants.SilentIncrement());
        }
    }

    /** A WaitGroup with one task: one thread waits for zero while another finishes the task. */
    public static class WaitGroupRaceScenario {
        private final WaitGroup group = new WaitGroup();

        public WaitGroupRaceScenario() {
            group.add(1);
        }

        @Operation
        public void await() {
            group.awaitUninterruptibly();
        }

        @Operation
        public void done() {
            group.done();
        }

        @Operation
        public int count() {
            return group.count();
        }
    }

    @Test
    void atomicCounterModelChecking() {
        LinChecker.check(AtomicScenario.class, LincheckSettings.modelChecking());
    }

    @Test
    void atomicCounterStress() {
        LinChecker.check(AtomicScenario.class, LincheckSettings.stress());
    }

    @Test
    void boundedCounterModelChecking() {
        LinChecker.check(BoundedScenario.class, LincheckSettings.modelChecking());
    }

    @Test
    void boundedCounterStress() {
        LinChecker.check(BoundedScenario.class, LincheckSettings.stress());
    }

    @Test
    void waitGroupModelChecking() {
        LinChecker.check(WaitGroupScenario.class, LincheckSettings.modelChecking());
    }

    @Test
    void waitGroupStress() {
        LinChecker.check(WaitGroupScenario.class, LincheckSettings.stress());
    }

    @Test
    void modelCheckingFindsNoLostWakeupOfACounterWaiter() {
        LinChecker.check(RealCountScenario.class, WaiterRace.of(RealCountScenario.class,
                "waitUntilAtLeastOne", "increment"));
    }

    @Test
    void modelCheckingFindsNoLostWakeupOfAWaitGroupWaiter() {
        LinChecker.check(WaitGroupRaceScenario.class, WaiterRace.of(WaitGroupRaceScenario.class,
                "await", "done"));
    }

    @Test
    void modelCheckingRejectsThePlainIncrementMutant() {
        assertThrows(AssertionError.class, () -> LinChecker.check(PlainIncrementScenario.class,
                LincheckSettings.mutantModelChecking()));
    }

    @Test
    void modelCheckingRejectsTheSilentIncrementMutant() {
        ModelCheckingOptions options = WaiterRace.of(SilentIncrementScenario.class,
                "waitUntilAtLeastOne", "increment");
        AssertionError e = assertThrows(AssertionError.class, () ->
                LinChecker.check(SilentIncrementScenario.class, options));
        assertTrue(e.getMessage().contains(WaiterRace.HUNG), e.getMessage());
    }
}
