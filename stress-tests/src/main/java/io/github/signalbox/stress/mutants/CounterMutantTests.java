package io.github.signalbox.stress.mutants;

import io.github.signalbox.counters.CounterMutants;
import io.github.signalbox.stress.counters.CounterTests;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/** The counter tests, run against the counter mutants: each must be rejected. */
public class CounterMutantTests {

    /** A plain read-modify-write increment: a lost update must be observed. */
    @JCStressTest
    @JCStressMeta(CounterTests.IncrementsNeverLost.class)
    @State
    public static class PlainIncrementsNeverLost extends CounterTests.CountBody {
        public PlainIncrementsNeverLost() {
            super(CounterMutants.plainReadModifyWrite());
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

    /** An increment that does not wake waiters: the waiter must be reported STALE. */
    @JCStressTest(Mode.Termination)
    @JCStressMeta(CounterTests.UpdateWakesWaiter.class)
    @State
    public static class SilentIncrementWakesWaiter extends CounterTests.CountBody {
        public SilentIncrementWakesWaiter() {
            super(CounterMutants.silentIncrement());
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
}
