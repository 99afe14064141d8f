package io.github.signalbox.stress.mutants;

import io.github.signalbox.stress.events.EventMutants;
import io.github.signalbox.stress.events.EventTests;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/** The event tests, run against the event mutants: each must be rejected. */
public class EventMutantTests {

    /** set() that wakes nobody: the waiter must be reported STALE. */
    @JCStressTest(Mode.Termination)
    @JCStressMeta(EventTests.SetWakesWaiter.class)
    @State
    public static class SilentSetWakesWaiter extends EventTests.WakeBody {
        public SilentSetWakesWaiter() {
            super(EventMutants.silentSet());
        }

        @Actor
        public void waiter() {
            flag.awaitUninterruptibly();
        }

        @Signal
        public void signal() {
            flag.set();
        }
    }

    /** A check-then-act consume: one set() must be seen to let two threads through. */
    @JCStressTest
    @JCStressMeta(EventTests.AutoResetExactlyOnce.class)
    @State
    public static class RacyConsumeExactlyOnce extends EventTests.OnceBody {
        public RacyConsumeExactlyOnce() {
            super(EventMutants.racyConsume());
        }

        @Actor
        public void consumer1(II_Result r) {
            r.r1 = pass.tryAwait() ? 1 : 0;
        }

        @Actor
        public void consumer2(II_Result r) {
            r.r2 = pass.tryAwait() ? 1 : 0;
        }
    }
}
