package io.github.signalbox;

import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.barriers.Barrier;
import io.github.signalbox.counters.AtomicCounter;
import io.github.signalbox.counters.BoundedCounter;
import io.github.signalbox.events.Event;
import io.github.signalbox.ordering.LockOrdering;
import io.github.signalbox.ordering.OrderedLock;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shape of a real defect (a waitable counter's condition that threw an {@link Error} escaped
 * into the updating thread and stranded the other waiters), applied to every user-supplied
 * function of the library: counter conditions (tested in the waiter and in updaters), barrier
 * actions, callbacks on {@link Event#awaitAsync()} and lock-ordering policies. Each throws an
 * {@code Error} and a {@code RuntimeException}; the failure must reach only the code that
 * supplied the function (or be reported as the documented cause), and nothing else may notice:
 * the caller's update succeeds, other waiters are released, nothing stays registered or held.
 * Semaphores and readers-writers locks run no user code.
 */
class ThrowingCallbackTest {

    /** A failure a callback throws, of both kinds. */
    static Stream<Supplier<? extends Throwable>> failures() {
        return Stream.of(() -> new AssertionError("an assert in a callback"),
                () -> new StackOverflowError("deep"),
                () -> new IllegalStateException("a bug in a callback"));
    }

    private static RuntimeException sneaky(Throwable t) {
        return ThrowingCallbackTest.<RuntimeException>sneakyThrow(t);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> T sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }

    @ParameterizedTest
    @MethodSource("failures")
    void counterConditionThrowingInTheUpdaterFailsOnlyItsWaiter(Supplier<Throwable> failure)
            throws Exception {
        for (int kind = 0; kind < 2; kind++) {
            AtomicCounter atomic = new AtomicCounter();
            BoundedCounter bounded = new BoundedCounter(0, 10, 0);
            boolean useAtomic = kind == 0;
            Throwable thrown = failure.get();
            try (TestThreads threads = new TestThreads()) {
                threads.start("thrower", () -> {
                    Throwable got = assertThrows(Throwable.class, () -> {
                        if (useAtomic) {
                            atomic.awaitValue(v -> {
                                if (v == 1) {
                                    throw sneaky(thrown);
                                }
                                return false;
                            });
                        } else {
                            bounded.awaitValue(v -> {
                                if (v == 1) {
                                    throw sneaky(thrown);
                                }
                                return false;
                            });
                        }
                    });
                    assertSame(thrown, got, "the waiter rethrows its own condition's failure");
                });
                threads.start("bystander", () -> assertEquals(1, useAtomic
                        ? atomic.awaitAtLeast(1) : bounded.awaitAtLeast(1)));
                awaitTrue("both waiting", () -> (useAtomic ? atomic.getWaiterCount()
                        : bounded.getWaiterCount()) == 2);
                // the updater is not affected: no exception, the value is stored
                assertEquals(1, useAtomic ? atomic.increment() : bounded.add(1));
            }
            assertEquals(0, useAtomic ? atomic.getWaiterCount() : bounded.getWaiterCount(),
                    "nobody stays registered");
        }
    }

    @ParameterizedTest
    @MethodSource("failures")
    void counterConditionThrowingOnTheWaitersRecheckLeavesNoRegistration(
            Supplier<Throwable> failure) {
        AtomicCounter counter = new AtomicCounter();
        Throwable thrown = failure.get();
        AtomicInteger calls = new AtomicInteger();
        Throwable got = assertThrows(Throwable.class, () -> counter.awaitValue(v -> {
            if (calls.incrementAndGet() == 2) { // the re-check after registering
                throw sneaky(thrown);
            }
            return false;
        }, Duration.ofSeconds(30)));
        assertSame(thrown, got);
        assertEquals(0, counter.getWaiterCount());
        assertEquals(1, counter.increment(), "updates still work");
    }

    @ParameterizedTest
    @MethodSource("failures")
    void barrierActionThrowingBreaksTheRoundWithItAsTheCause(Supplier<Throwable> failure)
            throws Exception {
        Throwable thrown = failure.get();
        Barrier b = new Barrier(2, () -> {
            throw sneaky(thrown);
        });
        try (TestThreads threads = new TestThreads()) {
            threads.start("waiter", () -> assertSame(thrown,
                    assertThrows(BrokenBarrierException.class, b::await).getCause()));
            awaitTrue("waiter waiting", () -> b.numberWaiting() == 1);
            assertSame(thrown, assertThrows(BrokenBarrierException.class, b::await).getCause());
        }
        assertTrue(b.isBroken());
        b.reset();
        assertFalse(b.isBroken());
        assertEquals(0, b.numberWaiting());
    }

    @ParameterizedTest
    @MethodSource("failures")
    void awaitAsyncCallbackThrowingDisturbsNeitherSetNorOtherWaiters(Supplier<Throwable> failure)
            throws Exception {
        Event e = new Event();
        Throwable thrown = failure.get();
        CompletableFuture<Void> throwing = e.awaitAsync().thenRun(() -> {
            throw sneaky(thrown);
        });
        CompletableFuture<Void> other = e.awaitAsync();
        try (TestThreads threads = new TestThreads()) {
            threads.start("waiter", e::await);
            awaitTrue("waiter waiting", () -> e.getWaiterCount() == 1);
            e.set(); // must not throw
        }
        assertTrue(other.isDone() && !other.isCompletedExceptionally());
        assertTrue(throwing.isCompletedExceptionally());
        assertEquals(0, e.getPendingFutureCount());
    }

    @ParameterizedTest
    @MethodSource("failures")
    void orderingPolicyThrowingLeavesNothingHeld(Supplier<Throwable> failure) {
        Throwable thrown = failure.get();
        LockOrdering ordering = new LockOrdering(violation -> {
            throw sneaky(thrown);
        });
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        a.lock();
        b.lock();
        b.unlock();
        a.unlock();
        b.lock();
        assertSame(thrown, assertThrows(Throwable.class, a::lock), "the policy's failure");
        assertFalse(a.isHeldByCurrentThread(), "the violating acquisition took nothing");
        assertArrayEquals(new String[] {"b"}, ordering.heldByCurrentThread());
        b.unlock();
        assertEquals(0, ordering.heldByCurrentThread().length);
        a.lock(); // the lock still works
        a.unlock();
    }
}
