package io.github.signalbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.signalbox.barriers.Barrier;
import io.github.signalbox.barriers.TimeoutPolicy;
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
import io.github.signalbox.semaphores.Fairness;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The shape of a real defect (an already-interrupted Barrier arrival under WITHDRAW walked the
 * round's live arrivals list outside the lock: ConcurrentModificationException, interrupt lost),
 * applied to every family: while background threads arrive and leave again through microsecond
 * timeouts, the main thread repeatedly sets its own interrupt status and calls an interruptible
 * wait. Every such call must end in InterruptedException with the status cleared (or, where the
 * JDK counterpart does the same, in the primitive's "broken" answer with the status kept), never
 * in another exception; afterwards the primitive is quiescent: nobody queued, nothing held.
 */
class EntryInterruptStormTest {

    private static final int BACKGROUND_THREADS = 6;
    private static final int ENTRIES = 5_000;
    private static final long TINY_NANOS = TimeUnit.MICROSECONDS.toNanos(20);

    /** One primitive under the storm. */
    interface Subject {
        /** A background step: a timed arrival that may leave again at once (and its release). */
        void arriveAndLeave() throws Exception;

        /** The main thread's interruptible wait, entered with the interrupt status set. */
        void interruptibleWait() throws Exception;

        /** Whether {@code e} is a legitimate non-interrupt answer (status must then be kept). */
        default boolean keepsInterrupt(Throwable e) {
            return false;
        }

        /** Asserts that nothing is left queued or held once every thread has stopped. */
        void assertQuiescent();
    }

    record Named(String name, Subject subject) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Named> subjects() {
        Stream.Builder<Named> all = Stream.builder();
        for (TimeoutPolicy policy : TimeoutPolicy.values()) {
            all.add(new Named("Barrier " + policy, barrier(policy)));
        }
        for (ReadersWritersPolicy policy : ReadersWritersPolicy.values()) {
            all.add(new Named("ReadersWritersLock " + policy, readersWriters(policy)));
        }
        for (Fairness fairness : Fairness.values()) {
            all.add(new Named("BoundedSemaphore " + fairness, semaphore(fairness)));
        }
        all.add(new Named("Event", event()));
        all.add(new Named("AutoResetEvent", autoResetEvent()));
        all.add(new Named("AtomicCounter", counter()));
        all.add(new Named("WaitGroup", waitGroup()));
        all.add(new Named("LockSet", lockSet()));
        return all.build();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("subjects")
    void interruptOnEntryWhileOthersArriveAndLeave(Named named) throws Exception {
        Subject s = named.subject();
        AtomicBoolean stop = new AtomicBoolean();
        try (TestThreads threads = new TestThreads()) {
            for (int i = 0; i < BACKGROUND_THREADS; i++) {
                threads.start("storm-" + i, () -> {
                    while (!stop.get()) {
                        try {
                            s.arriveAndLeave();
                        } catch (InterruptedException | BrokenBarrierException
                                | TimeoutException expected) {
                            // the storm: timeouts, broken rounds
                        }
                    }
                });
            }
            try {
                for (int i = 0; i < ENTRIES; i++) {
                    Thread.currentThread().interrupt();
                    try {
                        s.interruptibleWait();
                        fail(named + ": an interruptible wait entered with the interrupt status"
                                + " set returned normally");
                    } catch (InterruptedException expected) {
                        assertFalse(Thread.currentThread().isInterrupted(),
                                named + ": InterruptedException left the status set");
                    } catch (Throwable e) {
                        if (!s.keepsInterrupt(e)) {
                            throw new AssertionError(named + ": entry " + i + " threw " + e
                                    + " instead of InterruptedException", e);
                        }
                        assertTrue(Thread.interrupted(), named + ": " + e + " lost the interrupt");
                    }
                }
            } finally {
                Thread.interrupted();
                stop.set(true);
            }
        }
        s.assertQuiescent();
    }

    private static Subject barrier(TimeoutPolicy policy) {
        Barrier b = Barrier.builder(64).timeoutPolicy(policy).build();
        return new Subject() {
            @Override
            public void arriveAndLeave() throws Exception {
                if (b.isBroken()) {
                    b.reset();
                }
                b.await(TINY_NANOS, TimeUnit.NANOSECONDS);
            }

            @Override
            public void interruptibleWait() throws Exception {
                b.await();
            }

            @Override
            public boolean keepsInterrupt(Throwable e) {
                // as CyclicBarrier: an arrival at a broken barrier is told so first
                return policy == TimeoutPolicy.BREAK && e instanceof BrokenBarrierException;
            }

            @Override
            public void assertQuiescent() {
                b.reset();
                assertEquals(0, b.numberWaiting(), b.toString());
            }
        };
    }

    private static Subject readersWriters(ReadersWritersPolicy policy) {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        return new Subject() {
            private int step;

            @Override
            public void arriveAndLeave() throws Exception {
                int kind = ThreadLocalRandom.current().nextInt(3);
                if (kind == 2) { // an upgradable reader that sometimes upgrades
                    upgradableArriveAndLeave();
                    return;
                }
                Lock side = kind == 0 ? lock.readLock() : lock.writeLock(); // readers, writers
                if (side.tryLock(TINY_NANOS, TimeUnit.NANOSECONDS)) {
                    side.unlock();
                }
            }

            private void upgradableArriveAndLeave() throws InterruptedException {
                io.github.signalbox.locks.UpgradableGuard u;
                try {
                    u = lock.upgradable(java.time.Duration.ofNanos(TINY_NANOS));
                } catch (java.util.concurrent.TimeoutException notNow) {
                    return;
                }
                try {
                    if (ThreadLocalRandom.current().nextBoolean()) {
                        u.upgrade(TINY_NANOS, TimeUnit.NANOSECONDS).close();
                    }
                } catch (java.util.concurrent.TimeoutException readersStayed) {
                    // the upgradable hold stays; released below
                } finally {
                    u.close();
                }
            }

            @Override
            public void interruptibleWait() throws Exception {
                switch (step++ % 3) {
                    case 0:
                        lock.writeLock().lockInterruptibly();
                        break;
                    case 1:
                        lock.readLock().lockInterruptibly();
                        break;
                    default:
                        lock.upgradableInterruptibly();
                }
            }

            @Override
            public void assertQuiescent() {
                assertFalse(lock.hasQueuedThreads(), lock.toString());
                assertFalse(lock.isUpgradableLocked(), lock.toString());
                assertEquals(0, lock.getReadLockCount(), lock.toString());
                assertTrue(lock.writeLock().tryLock(), lock.toString());
                lock.writeLock().unlock();
            }
        };
    }

    private static Subject semaphore(Fairness fairness) {
        BoundedSemaphore sem = new BoundedSemaphore(2, fairness);
        return new Subject() {
            @Override
            public void arriveAndLeave() throws Exception {
                int n = ThreadLocalRandom.current().nextInt(1, 3);
                if (sem.tryAcquire(n, TINY_NANOS, TimeUnit.NANOSECONDS)) {
                    sem.release(n);
                }
            }

            @Override
            public void interruptibleWait() throws Exception {
                sem.acquire();
            }

            @Override
            public void assertQuiescent() {
                assertEquals(0, sem.getQueueLength(), sem.toString());
                assertEquals(2, sem.availablePermits(), sem.toString());
            }
        };
    }

    private static Subject event() {
        Event e = new Event();
        return new Subject() {
            @Override
            public void arriveAndLeave() throws Exception {
                if (!e.await(TINY_NANOS, TimeUnit.NANOSECONDS)) {
                    e.set();
                } else {
                    e.clear();
                }
            }

            @Override
            public void interruptibleWait() throws Exception {
                e.await();
            }

            @Override
            public void assertQuiescent() {
                assertEquals(0, e.getWaiterCount(), e.toString());
                assertEquals(0, e.getPendingFutureCount(), e.toString());
            }
        };
    }

    private static Subject autoResetEvent() {
        AutoResetEvent e = new AutoResetEvent();
        return new Subject() {
            @Override
            public void arriveAndLeave() throws Exception {
                if (!e.await(TINY_NANOS, TimeUnit.NANOSECONDS)) {
                    e.set();
                }
            }

            @Override
            public void interruptibleWait() throws Exception {
                e.await();
            }

            @Override
            public void assertQuiescent() {
                assertEquals(0, e.getWaiterCount(), e.toString());
            }
        };
    }

    private static Subject counter() {
        AtomicCounter c = new AtomicCounter();
        return new Subject() {
            @Override
            public void arriveAndLeave() throws Exception {
                c.awaitAtLeast(c.get() + 2, TINY_NANOS, TimeUnit.NANOSECONDS);
                c.increment();
            }

            @Override
            public void interruptibleWait() throws Exception {
                c.awaitAtLeast(Long.MAX_VALUE);
            }

            @Override
            public void assertQuiescent() {
                assertEquals(0, c.getWaiterCount(), c.toString());
            }
        };
    }

    private static Subject waitGroup() {
        WaitGroup group = new WaitGroup();
        group.add(1);
        return new Subject() {
            @Override
            public void arriveAndLeave() throws Exception {
                group.await(TINY_NANOS, TimeUnit.NANOSECONDS);
            }

            @Override
            public void interruptibleWait() throws Exception {
                group.await();
            }

            @Override
            public void assertQuiescent() {
                assertEquals(0, group.getWaiterCount(), group.toString());
            }
        };
    }

    private static Subject lockSet() {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        OrderedLock a = ordering.newLock("a");
        OrderedLock b = ordering.newLock("b");
        return new Subject() {
            @Override
            public void arriveAndLeave() throws Exception {
                LockSet set = ThreadLocalRandom.current().nextBoolean()
                        ? LockSet.of(a, b) : LockSet.of(b, a);
                set.hold(Duration.ofNanos(TINY_NANOS)).close();
            }

            @Override
            public void interruptibleWait() throws Exception {
                LockSet.of(b, a).holdInterruptibly().close();
            }

            @Override
            public void assertQuiescent() {
                assertEquals(0, ordering.heldByCurrentThread().length);
                LockSet.of(a, b).tryHold().orElseThrow().close();
            }
        };
    }
}
