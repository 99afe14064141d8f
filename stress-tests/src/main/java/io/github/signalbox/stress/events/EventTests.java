package io.github.signalbox.stress.events;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import io.github.signalbox.events.AutoResetEvent;
import io.github.signalbox.events.Event;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Mode;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.Signal;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * jcstress tests of the events, one nested class per property; each says what it proves. Run
 * one alone with {@code java -jar stress-tests/target/jcstress.jar -t EventTests.SetWakesWaiter}.
 */
public final class EventTests {

    private EventTests() {
    }

    /** Shared body of the wake-up tests (also run against the mutants). */
    public abstract static class WakeBody {
        protected final Flag flag;

        protected WakeBody(Flag flag) {
            this.flag = flag;
        }
    }

    /** Proves no lost wakeup: a waiter parked on an Event wakes when another thread sets it. */
    @JCStressTest(Mode.Termination)
    @Description("A thread waiting on an Event wakes when the event is set.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The waiter woke up.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "The waiter was never woken: a lost wakeup.")
    @State
    public static class SetWakesWaiter extends WakeBody {
        public SetWakesWaiter() {
            super(Flag.of(new Event()));
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

    /** Proves a clear() right behind set() does not strand the waiter that set() released. */
    @JCStressTest(Mode.Termination)
    @Description("set() immediately followed by clear() still releases the thread waiting.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The waiter was released.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "The clear() swallowed the wake-up.")
    @State
    public static class SetThenClearReleasesWaiter {
        private final Event event = new Event();

        @Actor
        public void waiter() {
            event.awaitUninterruptibly();
        }

        @Signal
        public void signal() {
            event.set();
            event.clear();
        }
    }

    /** Proves visibility: what was written before set() is seen by a thread that sees the flag. */
    @JCStressTest
    @Description("Data written before set() is visible to a thread that observes isSet().")
    @Outcome(id = "-1", expect = ACCEPTABLE, desc = "The flag was not seen yet.")
    @Outcome(id = "42", expect = ACCEPTABLE, desc = "The flag and the data were seen.")
    @Outcome(expect = FORBIDDEN, desc = "The flag was seen without the data written before it.")
    @State
    public static class SetPublishes {
        private final Event event = new Event();
        private int data;

        @Actor
        public void writer() {
            data = 42;
            event.set();
        }

        @Actor
        public void reader(I_Result r) {
            r.r1 = event.isSet() ? data : -1;
        }
    }

    /** Shared body of the exactly-once tests (also run against the mutants). */
    public abstract static class OnceBody {
        protected final Pass pass;

        protected OnceBody(Pass pass) {
            this.pass = pass;
            pass.set();
        }
    }

    /** Proves one set() gives exactly one pass to two racing consumers. */
    @JCStressTest
    @Description("Two threads race to consume one set() of an AutoResetEvent: exactly one passes.")
    @Outcome(id = {"1, 0", "0, 1"}, expect = ACCEPTABLE, desc = "Exactly one consumer passed.")
    @Outcome(id = "1, 1", expect = FORBIDDEN, desc = "One set() let two threads through.")
    @Outcome(id = "0, 0", expect = FORBIDDEN, desc = "The set() was lost.")
    @State
    public static class AutoResetExactlyOnce extends OnceBody {
        public AutoResetExactlyOnce() {
            super(Pass.of(new AutoResetEvent()));
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

    /** Proves no lost wakeup for the auto-reset event. */
    @JCStressTest(Mode.Termination)
    @Description("A thread waiting on an AutoResetEvent wakes when the event is set.")
    @Outcome(id = "TERMINATED", expect = ACCEPTABLE, desc = "The waiter woke up.")
    @Outcome(id = "STALE", expect = FORBIDDEN, desc = "The waiter was never woken: a lost wakeup.")
    @State
    public static class AutoResetSetWakesWaiter {
        private final AutoResetEvent event = new AutoResetEvent();

        @Actor
        public void waiter() {
            event.awaitUninterruptibly();
        }

        @Signal
        public void signal() {
            event.set();
        }
    }

    /**
     * Proves that a awaitAsync() future registered while another thread sets the event is always
     * completed: the registration and set() each write, then read what the other wrote, so one
     * of them sees the other (set() skips the registry walk only when it finds it empty).
     */
    @JCStressTest
    @Description("A awaitAsync() future racing with set() always completes.")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "The future completed.")
    @Outcome(id = "0", expect = FORBIDDEN, desc = "The future was left pending: a lost wakeup.")
    @State
    public static class AwaitAsyncRacesSet {
        private final Event event = new Event();
        private java.util.concurrent.CompletableFuture<Void> future;

        @Actor
        public void register() {
            future = event.awaitAsync();
        }

        @Actor
        public void set() {
            event.set();
        }

        @org.openjdk.jcstress.annotations.Arbiter
        public void arbiter(I_Result r) {
            r.r1 = future.isDone() ? 1 : 0;
        }
    }
}
