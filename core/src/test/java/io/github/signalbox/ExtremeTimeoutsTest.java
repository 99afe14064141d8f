package io.github.signalbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.barriers.Barrier;
import io.github.signalbox.counters.AtomicCounter;
import io.github.signalbox.counters.WaitGroup;
import io.github.signalbox.events.AutoResetEvent;
import io.github.signalbox.events.Event;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.ReadersWritersPolicy;
import io.github.signalbox.ordering.LockOrdering;
import io.github.signalbox.ordering.LockSet;
import io.github.signalbox.ordering.OrderedLock;
import io.github.signalbox.ordering.OrderingPolicies;
import io.github.signalbox.semaphores.BoundedSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shape of a real defect (a write-lock Condition's deadline arithmetic overflowed, so
 * {@code awaitNanos(Long.MIN_VALUE)} and {@code awaitUntil(new Date(Long.MIN_VALUE))} waited for a
 * signal instead of returning), applied to every timed method of every family: with the primitive
 * unavailable, each expired or absurd timeout (0, -1, {@code Long.MIN_VALUE}, {@code -Long.MAX_VALUE}
 * days, the most negative {@code Duration}) returns "not acquired" at once, in a thread the test
 * waits for with a generous bound, and leaves nobody queued.
 */
class ExtremeTimeoutsTest {

    /** A timed call against an unavailable primitive; returns whether it (wrongly) succeeded. */
    @FunctionalInterface
    interface TimedCall {
        boolean call(long time, TimeUnit unit) throws Exception;
    }

    record Case(String name, TimedCall call, Runnable assertNobodyQueued) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final long[][] EXPIRED = {
        {0L, 0}, {-1L, 0}, {Long.MIN_VALUE, 0}, {-Long.MAX_VALUE, 1}, {Long.MIN_VALUE, 1}};

    private static TimeUnit unitOf(long code) {
        return code == 0 ? TimeUnit.NANOSECONDS : TimeUnit.DAYS;
    }

    static Stream<Case> cases() {
        List<Case> all = new ArrayList<>();
        for (ReadersWritersPolicy policy : ReadersWritersPolicy.values()) {
            ReadersWritersLock rw = new ReadersWritersLock(policy);
            Thread holder = holdWriteLock(rw);
            all.add(new Case("write tryLock " + policy,
                    (t, u) -> rw.writeLock().tryLock(t, u), () -> queueEmpty(rw, holder)));
            all.add(new Case("read tryLock " + policy,
                    (t, u) -> rw.readLock().tryLock(t, u), () -> queueEmpty(rw, holder)));
            all.add(new Case("write(Duration) " + policy,
                    (t, u) -> timedGuard(() -> rw.write(duration(t, u))),
                    () -> queueEmpty(rw, holder)));
            all.add(new Case("upgradable(Duration) " + policy,
                    (t, u) -> timedGuard(() -> rw.upgradable(duration(t, u))),
                    () -> queueEmpty(rw, holder)));
            ReadersWritersLock read = new ReadersWritersLock(policy);
            Thread reader = TestThreadsHold.holdUntilEnd(() -> read.readLock().lock());
            all.add(new Case("upgrade(long, TimeUnit) " + policy, (t, u) -> {
                try (io.github.signalbox.locks.UpgradableGuard g = read.upgradable()) {
                    return timedGuard(() -> g.upgrade(t, u));
                }
            }, () -> queueEmpty(read, reader)));
            all.add(new Case("upgrade(Duration) " + policy, (t, u) -> {
                try (io.github.signalbox.locks.UpgradableGuard g = read.upgradable()) {
                    return timedGuard(() -> g.upgrade(duration(t, u)));
                }
            }, () -> queueEmpty(read, reader)));
        }
        BoundedSemaphore sem = new BoundedSemaphore(1);
        sem.acquireUninterruptibly();
        all.add(new Case("semaphore tryAcquire", (t, u) -> sem.tryAcquire(t, u),
                () -> assertEquals(0, sem.getQueueLength())));
        all.add(new Case("semaphore tryAcquire(n)", (t, u) -> sem.tryAcquire(1, t, u),
                () -> assertEquals(0, sem.getQueueLength())));
        all.add(new Case("semaphore acquirePermit(Duration)",
                (t, u) -> timedGuard(() -> sem.acquirePermit(duration(t, u))),
                () -> assertEquals(0, sem.getQueueLength())));
        Barrier barrier = Barrier.builder(2)
                .timeoutPolicy(io.github.signalbox.barriers.TimeoutPolicy.WITHDRAW).build();
        all.add(new Case("barrier await", (t, u) -> {
            try {
                barrier.await(t, u);
                return true;
            } catch (TimeoutException expected) {
                return false;
            }
        }, () -> assertEquals(0, barrier.numberWaiting())));
        Event event = new Event();
        all.add(new Case("event await", event::await,
                () -> assertEquals(0, event.getWaiterCount())));
        AutoResetEvent auto = new AutoResetEvent();
        all.add(new Case("auto-reset event await", auto::await,
                () -> assertEquals(0, auto.getWaiterCount())));
        AtomicCounter counter = new AtomicCounter();
        all.add(new Case("counter awaitAtLeast", (t, u) -> counter.awaitAtLeast(1, t, u),
                () -> assertEquals(0, counter.getWaiterCount())));
        WaitGroup group = new WaitGroup();
        group.add(1);
        all.add(new Case("wait group await", group::await,
                () -> assertEquals(0, group.getWaiterCount())));
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock a = ordering.newLock("a");
        Thread aHolder = TestThreadsHold.hold(a);
        all.add(new Case("ordered tryLock", a::tryLock, () -> assertTrue(aHolder.isAlive())));
        all.add(new Case("LockSet acquire", (t, u) -> timedGuard(() -> LockSet.of(a).hold(t, u)),
                () -> assertTrue(aHolder.isAlive())));
        return all.stream();
    }

    private static Duration duration(long time, TimeUnit unit) {
        return unit == TimeUnit.DAYS && time < -106_751_991_167_300L
                ? Duration.ofSeconds(Long.MIN_VALUE) // the most negative Duration
                : Duration.of(time, unit.toChronoUnit());
    }

    /** Whether a timed guard was granted; TimeoutException means not. */
    private static boolean timedGuard(GuardCall call) throws Exception {
        try (Guard g = call.get()) {
            return true;
        } catch (TimeoutException expected) {
            return false;
        }
    }

    @FunctionalInterface
    interface GuardCall {
        Guard get() throws Exception;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void expiredAndAbsurdTimeoutsNeverWait(Case c) throws Exception {
        for (long[] timeout : EXPIRED) {
            long time = timeout[0];
            TimeUnit unit = unitOf(timeout[1]);
            boolean[] granted = {true};
            try (TestThreads threads = new TestThreads()) {
                threads.start("timed " + c.name(), () -> granted[0] = c.call().call(time, unit));
            } // joined with a bound: a call that waits fails the test here
            assertFalse(granted[0], c + " was granted with " + time + " " + unit);
            c.assertNobodyQueued().run();
        }
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void conditionTimedAwaitsWithExpiredOrAbsurdTimeoutsReturnAtOnce(ReadersWritersPolicy policy)
            throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        Condition c = lock.writeLock().newCondition();
        try (TestThreads threads = new TestThreads()) {
            threads.start("awaiter", () -> {
                lock.writeLock().lock();
                try {
                    for (long nanos : new long[] {0L, -1L, Long.MIN_VALUE, -Long.MAX_VALUE}) {
                        assertTrue(c.awaitNanos(nanos) <= 0, "awaitNanos(" + nanos + ")");
                        assertFalse(c.await(nanos, TimeUnit.NANOSECONDS), "await " + nanos);
                    }
                    assertFalse(c.await(-Long.MAX_VALUE, TimeUnit.DAYS));
                    assertFalse(c.await(Long.MIN_VALUE, TimeUnit.DAYS));
                    assertFalse(c.awaitUntil(new Date(Long.MIN_VALUE)));
                    assertFalse(c.awaitUntil(new Date(0L)));
                    assertTrue(lock.isWriteLockedByCurrentThread(), "re-took the lock each time");
                    assertEquals(1, lock.getWriteHoldCount());
                } finally {
                    lock.writeLock().unlock();
                }
            });
        }
        assertFalse(lock.isWriteLocked());
        assertFalse(lock.hasQueuedThreads());
    }

    private static Thread holdWriteLock(ReadersWritersLock rw) {
        return TestThreadsHold.holdUntilEnd(() -> rw.writeLock().lock());
    }

    private static void queueEmpty(ReadersWritersLock rw, Thread holder) {
        assertTrue(holder.isAlive());
        assertFalse(rw.hasQueuedThreads(), rw.toString());
    }

    /** Holder threads that keep a primitive taken for the rest of the test JVM (daemons). */
    private static final class TestThreadsHold {
        static Thread hold(OrderedLock lock) {
            return holdUntilEnd(lock::lock);
        }

        static Thread holdUntilEnd(Runnable take) {
            java.util.concurrent.CountDownLatch taken = new java.util.concurrent.CountDownLatch(1);
            Thread t = new Thread(() -> {
                take.run();
                taken.countDown();
                while (true) {
                    java.util.concurrent.locks.LockSupport.park();
                }
            }, "holder");
            t.setDaemon(true);
            t.start();
            try {
                assertTrue(taken.await(TestThreads.LONG_DELAY_MS, TimeUnit.MILLISECONDS));
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return t;
        }
    }
}
