package io.github.signalbox.events;

import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The contract of {@link AutoResetEvent}: one pass per set, in arrival order. */
class AutoResetEventTest {

    @Test
    void setWithNobodyWaitingStaysSetUntilConsumed() throws Exception {
        AutoResetEvent e = new AutoResetEvent();
        assertFalse(e.tryAwait());
        e.set();
        e.set(); // not counted
        assertTrue(e.isSet());
        assertTrue(e.tryAwait());
        assertFalse(e.isSet());
        assertFalse(e.tryAwait());
        assertFalse(e.await(Duration.ZERO));
        e.set();
        assertTrue(e.await(1, TimeUnit.SECONDS));
        e.set();
        e.await();
        e.set();
        e.awaitUninterruptibly();
        assertFalse(e.isSet());
        assertThrows(NullPointerException.class, () -> e.await(null));
        assertTrue(e.toString().contains("set=false"), e.toString());
    }

    @Test
    void eachSetReleasesExactlyOneWaiterInArrivalOrder() throws Exception {
        AutoResetEvent e = new AutoResetEvent();
        List<String> passed = new CopyOnWriteArrayList<>();
        try (TestThreads threads = new TestThreads()) {
            for (int i = 0; i < 3; i++) {
                String name = "w" + i;
                int expected = i + 1;
                threads.start(name, () -> {
                    e.await();
                    passed.add(name);
                });
                awaitTrue(name + " waiting", () -> e.getWaiterCount() == expected);
            }
            for (int i = 1; i <= 3; i++) {
                int expected = i;
                e.set();
                awaitTrue(i + " passed", () -> passed.size() == expected);
                assertEquals(3 - i, e.getWaiterCount());
            }
        }
        assertEquals(List.of("w0", "w1", "w2"), passed);
        assertFalse(e.isSet());
    }

    @Test
    void timedOutWaiterLeavesNoTraceAndTheNextSetIsNotLost() throws Exception {
        AutoResetEvent e = new AutoResetEvent();
        assertFalse(e.await(Duration.ofMillis(20)));
        assertEquals(0, e.getWaiterCount());
        AtomicInteger passes = new AtomicInteger();
        try (TestThreads threads = new TestThreads()) {
            threads.start("impatient", () -> assertFalse(e.await(Duration.ofMillis(50))));
            threads.start("patient", () -> {
                e.await();
                passes.incrementAndGet();
            });
            awaitTrue("both waiting", () -> e.getWaiterCount() == 2);
            awaitTrue("impatient gave up", () -> e.getWaiterCount() == 1);
            e.set();
        }
        assertEquals(1, passes.get());
        assertFalse(e.isSet());
    }

    @Test
    void interruptedWaiterThrowsAndLeaves() throws Exception {
        AutoResetEvent e = new AutoResetEvent();
        Thread.currentThread().interrupt();
        assertThrows(InterruptedException.class, e::await);
        assertFalse(Thread.interrupted());
        try (TestThreads threads = new TestThreads()) {
            Thread t = threads.start("waiter", () -> assertThrows(InterruptedException.class, e::await));
            awaitTrue("waiting", () -> e.getWaiterCount() == 1);
            t.interrupt();
        }
        assertEquals(0, e.getWaiterCount());
        e.set();
        assertTrue(e.tryAwait(), "the set was not swallowed by the interrupted waiter");
    }

    /** Many sets racing many waiters: every waiter passes exactly once per set, none is lost. */
    @Test
    void setsRacingWaitersAreNeverLostNorDoubled() throws Exception {
        AutoResetEvent e = new AutoResetEvent();
        int waiters = 4;
        int rounds = 500;
        AtomicInteger passes = new AtomicInteger();
        try (TestThreads threads = new TestThreads()) {
            for (int i = 0; i < waiters; i++) {
                threads.start("waiter-" + i, () -> {
                    for (int r = 0; r < rounds; r++) {
                        e.await();
                        passes.incrementAndGet();
                    }
                });
            }
            for (int s = 0; s < waiters * rounds; s++) {
                int before = s;
                awaitTrue("pass " + s, () -> passes.get() == before && !e.isSet());
                e.set();
            }
        }
        assertEquals(waiters * rounds, passes.get());
        assertFalse(e.isSet());
    }

    /**
     * The shape of a readers-writers lock defect (a queued writer that a reader could see but
     * still pass): a waiter that another thread can see queued owns the next pass, even when that
     * thread sets the event and tries to take the pass itself at once.
     */
    @Test
    void aWaiterThatCanBeSeenQueuedGetsTheNextPass() throws Exception {
        for (int round = 0; round < 200; round++) {
            AutoResetEvent e = new AutoResetEvent();
            boolean[] stolen = new boolean[1];
            try (TestThreads threads = new TestThreads()) {
                threads.start("waiter", () -> assertTrue(e.await(Duration.ofMinutes(1))));
                Thread observer = threads.start("observer", () -> {
                    while (e.getWaiterCount() == 0) {
                        Thread.onSpinWait();
                    }
                    e.set();
                    stolen[0] = e.tryAwait();
                    if (stolen[0]) {
                        e.set(); // let the waiter finish
                    }
                });
                observer.join(TestThreads.LONG_DELAY_MS);
            }
            assertFalse(stolen[0], "round " + round + ": the pass went past the queued waiter");
        }
    }
}
