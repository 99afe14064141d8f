package io.github.signalbox.counters;

import static io.github.signalbox.TestThreads.awaitParked;
import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The contracts of {@link WaitGroup} and {@link StripedCounter}. */
class WaitGroupAndStripedCounterTest {

    @Test
    void waitGroupReleasesWaitersWhenTheLastTaskIsDone() throws Exception {
        WaitGroup group = new WaitGroup();
        assertTrue(group.tryAwait(), "an empty group is done");
        group.add(3);
        assertEquals(3, group.count());
        CountDownLatch released = new CountDownLatch(4);
        try (TestThreads threads = new TestThreads()) {
            threads.start("interruptible", () -> {
                group.await();
                released.countDown();
            });
            threads.start("uninterruptible", () -> {
                group.awaitUninterruptibly();
                released.countDown();
            });
            threads.start("timed", () -> {
                assertTrue(group.await(Duration.ofMinutes(1)));
                released.countDown();
            });
            threads.start("timedUnit", () -> {
                assertTrue(group.await(1, TimeUnit.MINUTES));
                released.countDown();
            });
            awaitTrue("4 waiting", () -> group.getWaiterCount() == 4);
            group.done();
            group.done();
            assertEquals(4, released.getCount());
            group.done();
            assertTrue(released.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
        }
        assertTrue(group.toString().contains("count=0, waiters=0"), group.toString());
        group.add(1); // reusable
        assertFalse(group.tryAwait());
        assertFalse(group.await(Duration.ofMillis(10)));
        group.done();
        assertTrue(group.await(Duration.ZERO));
    }

    @Test
    void goingNegativeIsAClearErrorThatChangesNothing() {
        WaitGroup group = new WaitGroup();
        CounterOverflowException e = assertThrows(CounterOverflowException.class, group::done);
        assertTrue(e.getMessage().contains("counted out twice"), e.getMessage());
        group.add(2);
        assertThrows(CounterOverflowException.class, () -> group.add(-3));
        assertEquals(2, group.count());
        group.add(Integer.MAX_VALUE - 2);
        assertThrows(CounterOverflowException.class, () -> group.add(1));
        assertEquals(Integer.MAX_VALUE, group.count());
    }

    @Test
    void interruptedWaitGroupWaiterLeavesNoTrace() throws Exception {
        WaitGroup group = new WaitGroup();
        group.add(1);
        try (TestThreads threads = new TestThreads()) {
            Thread waiter = threads.start("waiter", () ->
                    assertThrows(InterruptedException.class, group::await));
            awaitTrue("registered", () -> group.getWaiterCount() == 1);
            awaitParked(waiter);
            waiter.interrupt();
        }
        assertEquals(0, group.getWaiterCount());
        assertEquals(1, group.count());
    }

    @Test
    void stripedCounterSumsEveryUpdateOnceUpdatesStop() throws Exception {
        StripedCounter c = new StripedCounter();
        try (TestThreads threads = new TestThreads()) {
            for (int t = 0; t < 4; t++) {
                threads.start("t" + t, () -> {
                    for (int i = 0; i < 25_000; i++) {
                        c.increment();
                    }
                });
            }
        }
        assertEquals(100_000, c.sum());
        c.add(5);
        c.decrement();
        assertEquals(100_004, c.sumThenReset());
        assertEquals(0, c.sum());
        c.add(3);
        c.reset();
        assertEquals(0, c.sum());
        assertTrue(c.toString().contains("sum=0"), c.toString());
    }
}
