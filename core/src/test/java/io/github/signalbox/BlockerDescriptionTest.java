package io.github.signalbox;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.barriers.Barrier;
import io.github.signalbox.events.AutoResetEvent;
import io.github.signalbox.events.Event;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.semaphores.BoundedSemaphore;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * A thread parked in any family shows, as its blocker ({@code LockSupport.getBlocker}, what
 * monitoring tools print), the primitive it waits for and that primitive's state, not an internal
 * synchronizer's default text.
 */
class BlockerDescriptionTest {

    private static String blockerOf(Thread t) {
        TestThreads.awaitTrue("thread parked", () -> LockSupport.getBlocker(t) != null);
        return String.valueOf(LockSupport.getBlocker(t));
    }

    private static void assertDescribes(String blocker, String... parts) {
        for (String part : parts) {
            assertTrue(blocker.contains(part), "\"" + part + "\" missing from: " + blocker);
        }
    }

    @Test
    void aWaitingWriterShowsTheLockAndItsHolders() throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock();
        try (TestThreads threads = new TestThreads(); Guard held = lock.read()) {
            Thread writer = threads.start("waiting-writer", () -> {
                try {
                    lock.writeLock().lockInterruptibly();
                } catch (InterruptedException expected) {
                    // the test ends the wait
                }
            });
            assertDescribes(blockerOf(writer), "ReadersWritersLock@", "FAIR", "readers=1",
                    "queued writers=1");
            writer.interrupt();
        }
    }

    @Test
    void aWaitingAcquirerShowsTheSemaphore() throws Exception {
        BoundedSemaphore semaphore = new BoundedSemaphore(1, 0);
        try (TestThreads threads = new TestThreads()) {
            Thread t = threads.start("waiting-acquirer", () -> {
                try {
                    semaphore.acquire();
                } catch (InterruptedException expected) {
                    // the test ends the wait
                }
            });
            assertDescribes(blockerOf(t), "BoundedSemaphore@", "bound=1", "available=0",
                    "queued=1");
            t.interrupt();
        }
    }

    @Test
    void waitersOfEventsShowTheEvent() throws Exception {
        Event event = new Event();
        AutoResetEvent gate = new AutoResetEvent();
        try (TestThreads threads = new TestThreads()) {
            Thread a = threads.start("event-waiter", event::await);
            Thread b = threads.start("gate-waiter", gate::await);
            assertDescribes(blockerOf(a), "Event@", "set=false", "waiters=1");
            assertDescribes(blockerOf(b), "AutoResetEvent@", "set=false", "waiters=1");
            event.set();
            gate.set();
        }
    }

    @Test
    void aWaitingPartyShowsTheBarrier() throws Exception {
        Barrier barrier = new Barrier(2);
        try (TestThreads threads = new TestThreads()) {
            Thread t = threads.start("party", barrier::await);
            assertDescribes(blockerOf(t), "Barrier@", "parties=2", "waiting=1", "broken=false");
            barrier.await();
        }
    }
}
