package io.github.signalbox.zookeeper;

import static io.github.signalbox.zookeeper.ZkParticipants.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.semaphores.OverReleaseException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ZkBoundedSemaphoreTest {

    private final ZkParticipants p = new ZkParticipants();

    @AfterEach
    void close() {
        p.close();
    }

    @Test
    void theBoundHoldsAcrossSessions() throws Exception {
        ZkBoundedSemaphore a = p.connect().boundedSemaphore("s", 2);
        ZkBoundedSemaphore b = p.connect().boundedSemaphore("s", 99); // the stored bound applies
        assertEquals(2, b.bound());
        ZkPermit one = a.acquirePermit();
        ZkPermit two = b.acquirePermit();
        assertEquals(Optional.empty(), a.tryAcquirePermit());
        assertEquals(0, b.availablePermits());
        CompletableFuture<ZkPermit> third = p.async(b::acquirePermit);
        ZkTesting.await("third queued", () -> a.getQueueLength() == 1);
        long fence = two.fence();
        one.close();
        assertTrue(get(third).fence() > fence);
        assertEquals(2, a.permitsInUse());
        two.close();
    }

    @Test
    void aLargeRequestIsNotOvertakenBySmallerOnes() throws Exception {
        ZkBoundedSemaphore s = p.connect().boundedSemaphore("s", 3);
        ZkPermit held = s.acquirePermits(2);
        CompletableFuture<ZkPermit> big = p.async(() -> p.connect().boundedSemaphore("s", 3)
                .acquirePermits(3));
        ZkTesting.await("big request queued", () -> s.getQueueLength() == 1);
        assertEquals(1, s.availablePermits());
        assertEquals(Optional.empty(), s.tryAcquirePermit(), "FIFO: no overtaking");
        held.close();
        assertEquals(3, get(big).permits());
        assertEquals(3, s.permitsInUse());
    }

    @Test
    void overReleaseThrowsAndChangesNothing() throws Exception {
        ZkBoundedSemaphore s = p.connect().boundedSemaphore("s", 3);
        ZkPermit permit = s.acquirePermits(2);
        OverReleaseException e = assertThrows(OverReleaseException.class,
                () -> permit.release(3));
        assertEquals(3, e.requested());
        assertEquals(2, permit.permits());
        assertEquals(2, s.permitsInUse());
        permit.release(1);
        assertEquals(1, permit.permits());
        assertEquals(1, s.permitsInUse());
        permit.close();
        assertThrows(OverReleaseException.class, () -> permit.release(1));
        permit.close(); // closing again does nothing
        assertEquals(0, s.permitsInUse());
        assertThrows(IllegalArgumentException.class, () -> permit.release(0));
    }

    @Test
    void theBoundCanChangeForEveryone() throws Exception {
        ZkBoundedSemaphore a = p.connect().boundedSemaphore("s", 1);
        ZkBoundedSemaphore b = p.connect().boundedSemaphore("s", 1);
        ZkPermit held = a.acquirePermit();
        CompletableFuture<ZkPermit> waiting = p.async(b::acquirePermit);
        ZkTesting.await("queued", () -> a.getQueueLength() == 1);
        a.setBound(2);
        assertEquals(1, get(waiting).permits());
        assertEquals(2, b.bound());
        a.setBound(1); // below the permits in use: new requests wait
        assertEquals(Optional.empty(), b.tryAcquirePermit());
        held.close();
        assertThrows(IllegalArgumentException.class, () -> a.setBound(0));
        assertThrows(IllegalArgumentException.class, () -> a.acquirePermits(2),
                "more than the bound");
        assertThrows(IllegalArgumentException.class, () -> a.acquirePermits(0));
    }

    @Test
    void timeoutsAndInterruptsLeaveNoRequest() throws Exception {
        ZkBoundedSemaphore a = p.connect().boundedSemaphore("s", 1);
        ZkBoundedSemaphore b = p.connect().boundedSemaphore("s", 1);
        try (ZkPermit held = a.acquirePermit()) {
            assertThrows(TimeoutException.class, () -> get(p.async(() ->
                    b.acquirePermit(Duration.ofMillis(200)))));
            assertEquals(Optional.empty(), get(p.async(() ->
                    b.tryAcquirePermit(Duration.ZERO))));
            Thread[] waiter = new Thread[1];
            CompletableFuture<ZkPermit> f = p.async(() -> {
                waiter[0] = Thread.currentThread();
                return b.acquirePermit();
            });
            ZkTesting.await("queued", () -> a.getQueueLength() == 1);
            waiter[0].interrupt();
            assertThrows(InterruptedException.class, () -> get(f));
            assertEquals(0, a.getQueueLength());
            assertEquals(1, ZkTesting.children(p.connect().curator(), a.path() + "/q").size());
        }
        assertFalse(a.toString().isEmpty());
    }

    @Test
    void withPermitReturnsTheBodysResult() {
        ZkBoundedSemaphore s = p.connect().boundedSemaphore("s", 1);
        assertEquals("done", s.withPermit(() -> {
            assertEquals(1, s.permitsInUse());
            return "done";
        }));
        assertEquals(0, s.permitsInUse());
    }
}
