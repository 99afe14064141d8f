package io.github.signalbox.locks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.signalbox.ordering.LockOrdering;
import io.github.signalbox.ordering.OrderingPolicies;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A write-lock deadlock between signalbox locks (or with a JDK lock) is visible to the JDK's own
 * tools: ThreadMXBean.findDeadlockedThreads() reports both threads and ThreadInfo names the
 * owner, as for ReentrantReadWriteLock; the blocker a thread parks on says what it waits for.
 */
class DeadlockVisibilityTest {

    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();

    /** The id ThreadMXBean uses (Thread.threadId() from JDK 19; the tests compile for 17). */
    @SuppressWarnings("deprecation")
    private static long id(Thread t) {
        return t.getId();
    }

    /** Two threads each hold {@code first} and then wait, interruptibly, for {@code second}. */
    private static final class Crossing implements AutoCloseable {
        final Thread t1;
        final Thread t2;

        Crossing(Lock a, Lock b) {
            CountDownLatch bothHold = new CountDownLatch(2);
            t1 = new Thread(() -> holdThenWait(a, b, bothHold), "crossing-1");
            t2 = new Thread(() -> holdThenWait(b, a, bothHold), "crossing-2");
            t1.setDaemon(true);
            t2.setDaemon(true);
            t1.start();
            t2.start();
        }

        private static void holdThenWait(Lock first, Lock second, CountDownLatch bothHold) {
            first.lock();
            try {
                bothHold.countDown();
                bothHold.await();
                second.lockInterruptibly();
                second.unlock();
            } catch (InterruptedException e) {
                // the test ends the deadlock this way
            } finally {
                first.unlock();
            }
        }

        long[] awaitDeadlock() {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                long[] found = MX.findDeadlockedThreads();
                if (found != null && Arrays.stream(found).anyMatch(x -> x == id(t1))
                        && Arrays.stream(found).anyMatch(x -> x == id(t2))) {
                    return found;
                }
                if (System.nanoTime() > deadline) {
                    fail("findDeadlockedThreads() did not report the two threads");
                }
                Thread.onSpinWait();
            }
        }

        @Override
        public void close() throws InterruptedException {
            t1.interrupt();
            t2.interrupt();
            t1.join(TimeUnit.SECONDS.toMillis(60));
            t2.join(TimeUnit.SECONDS.toMillis(60));
            assertTrue(!t1.isAlive() && !t2.isAlive(), "the interrupt ended the deadlock");
        }
    }

    /** The thread's ThreadInfo taken while it is WAITING (polls past spurious wake-ups). */
    private static ThreadInfo parkedInfo(Thread t) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            ThreadInfo info = MX.getThreadInfo(id(t));
            if (info.getThreadState() == Thread.State.WAITING || System.nanoTime() > deadline) {
                return info;
            }
            Thread.onSpinWait();
        }
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void writeLockDeadlockIsReportedWithItsOwners(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock a = new ReadersWritersLock(policy);
        ReadersWritersLock b = new ReadersWritersLock(policy);
        try (Crossing c = new Crossing(a.writeLock(), b.writeLock())) {
            c.awaitDeadlock();
            // a parked thread may wake spuriously (LockSupport allows it) and show RUNNABLE for a
            // moment before it parks again: read each ThreadInfo while its thread is parked
            ThreadInfo one = parkedInfo(c.t1);
            ThreadInfo two = parkedInfo(c.t2);
            assertEquals(id(c.t2), one.getLockOwnerId(), one.toString());
            assertEquals(id(c.t1), two.getLockOwnerId(), two.toString());
            String blocker = String.valueOf(LockSupport.getBlocker(c.t1));
            assertTrue(blocker.contains("writer=crossing-2") && blocker.contains(policy.name())
                    && blocker.contains("queued writers=1"), blocker);
        }
    }

    @Test
    void aDeadlockWithAJdkLockIsReportedToo() throws Exception {
        ReadersWritersLock a = new ReadersWritersLock();
        ReentrantLock b = new ReentrantLock();
        try (Crossing c = new Crossing(a.writeLock(), b)) {
            c.awaitDeadlock();
            assertEquals(id(c.t2), parkedInfo(c.t1).getLockOwnerId());
            assertEquals(id(c.t1), parkedInfo(c.t2).getLockOwnerId());
        }
    }

    @Test
    void aDeadlockBetweenExclusiveOrderedLocksIsReported() throws Exception {
        LockOrdering unchecked = new LockOrdering(OrderingPolicies.DISABLED);
        try (Crossing c = new Crossing(unchecked.newLock("a"), unchecked.newLock("b"))) {
            c.awaitDeadlock();
            assertEquals(id(c.t2), parkedInfo(c.t1).getLockOwnerId());
        }
    }

    @Test
    void theOwnerIsClearedAfterRelease() {
        ReadersWritersLock lock = new ReadersWritersLock();
        lock.writeLock().lock();
        lock.writeLock().unlock();
        assertTrue(lock.toString().contains("writer=none"), lock.toString());
    }
}
