package io.github.signalbox.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Every timed method of the ZooKeeper primitives with a zero, a negative and a longer-than-a-long
 * timeout: the first two only look, the last waits without overflowing (the core's
 * ExtremeTimeoutsTest, for this module; it found ZkEvent and ZkCounter overflowing).
 */
class ZkExtremeTimeoutsTest {

    private static final List<Duration> EXTREMES = List.of(Duration.ZERO, Duration.ofNanos(-1),
            Duration.ofSeconds(Long.MIN_VALUE), Duration.ofSeconds(Long.MAX_VALUE));

    private final ZkParticipants p = new ZkParticipants();

    @AfterEach
    void close() {
        p.close();
    }

    @Test
    void freePrimitivesGrantAtOnceWhateverTheTimeout() throws Exception {
        ZkPrimitives zk = p.connect();
        ZkReadersWritersLock lock = zk.readersWritersLock("lock");
        ZkBoundedSemaphore semaphore = zk.boundedSemaphore("s", 1);
        ZkEvent event = zk.event("e");
        event.set();
        ZkCounter counter = zk.counter("c");
        ZkBarrier single = zk.barrier("b", 1);
        for (Duration d : EXTREMES) {
            lock.tryWrite(d).orElseThrow().close();
            lock.tryRead(d).orElseThrow().close();
            semaphore.tryAcquirePermit(d).orElseThrow().close();
            assertTrue(event.await(d), d.toString());
            assertTrue(counter.awaitAtLeast(0, d), d.toString());
            assertEquals(0, single.await(d), d.toString());
        }
    }

    @Test
    void zeroAndNegativeTimeoutsOnlyLookAndLeaveNothingQueued() throws Exception {
        ZkPrimitives holder = p.connect();
        ZkPrimitives other = p.connect();
        try (Lease held = holder.readersWritersLock("lock").write();
                ZkPermit permit = holder.boundedSemaphore("s", 1).acquirePermit()) {
            ZkReadersWritersLock lock = other.readersWritersLock("lock");
            ZkBoundedSemaphore semaphore = other.boundedSemaphore("s", 1);
            for (Duration d : EXTREMES.subList(0, 3)) {
                assertFalse(ZkParticipants.get(p.async(() -> lock.tryWrite(d))).isPresent());
                assertFalse(semaphore.tryAcquirePermit(d).isPresent());
                assertFalse(other.event("e").await(d));
                assertFalse(other.counter("c").awaitAtLeast(1, d));
            }
            assertEquals(0, lock.getQueuedWriterCount());
            assertEquals(0, semaphore.getQueueLength());
        }
    }
}
