package io.github.signalbox.zookeeper;

import static io.github.signalbox.zookeeper.ZkParticipants.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.counters.CounterOverflowException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ZkEventAndCounterTest {

    private final ZkParticipants p = new ZkParticipants();

    @AfterEach
    void close() {
        p.close();
    }

    @Test
    void setReleasesWaitersInOtherSessions() throws Exception {
        ZkEvent setter = p.connect().event("e");
        List<CompletableFuture<Boolean>> waiters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ZkEvent e = p.connect().event("e");
            waiters.add(p.async(() -> e.await(Duration.ofSeconds(60))));
        }
        assertFalse(setter.isSet());
        assertFalse(setter.await(Duration.ofMillis(50)), "a timeout returns false");
        setter.set();
        for (CompletableFuture<Boolean> w : waiters) {
            assertTrue(get(w));
        }
        assertTrue(setter.isSet());
        assertTrue(setter.await(Duration.ZERO));
        // too long for a long of nanoseconds: waits "forever", does not overflow
        assertTrue(setter.await(Duration.ofSeconds(Long.MAX_VALUE)));
        assertTrue(p.connect().counter("c").awaitAtLeast(0, Duration.ofSeconds(Long.MAX_VALUE)));
        setter.clear();
        assertFalse(setter.isSet());
    }

    @Test
    void setThenClearStillReleasesTheWaiters() throws Exception {
        ZkEvent setter = p.connect().event("e");
        ZkEvent waiting = p.connect().event("e");
        CompletableFuture<Boolean> w = p.async(() -> waiting.await(Duration.ofSeconds(60)));
        // the waiter has read the state and set its watch once the node has a data watcher
        ZkTesting.await("waiter watching", () -> {
            String wchp = ZkTesting.fourLetterWord(ZkTesting.server().getPort(), "wchp");
            return wchp.contains(setter.path() + "\n");
        });
        setter.set();
        setter.clear();
        assertTrue(get(w), "released although the flag is clear again");
        assertFalse(waiting.isSet());
    }

    @Test
    void concurrentIncrementsFromManySessionsAreNeverLost() throws Exception {
        List<CompletableFuture<Long>> workers = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ZkCounter c = p.connect().counter("c");
            workers.add(p.async(() -> {
                for (int k = 0; k < 25; k++) {
                    c.incrementAndGet();
                }
                return c.get();
            }));
        }
        for (CompletableFuture<Long> w : workers) {
            get(w);
        }
        assertEquals(100, p.connect().counter("c").get());
    }

    @Test
    void awaitAtLeastWakesAtTheThreshold() throws Exception {
        ZkCounter c = p.connect().counter("c");
        ZkCounter other = p.connect().counter("c");
        CompletableFuture<Boolean> w = p.async(() -> other.awaitAtLeast(3, Duration.ofSeconds(60)));
        c.addAndGet(2);
        assertFalse(w.isDone());
        assertFalse(other.awaitAtLeast(3, Duration.ofMillis(50)));
        assertTrue(c.compareAndSet(2, 3));
        assertFalse(c.compareAndSet(2, 4));
        assertTrue(get(w));
        assertEquals(3, c.getAndAdd(1));
        assertEquals(3, c.decrementAndGet());
        assertEquals(30, c.updateAndGet(v -> v * 10));
    }

    @Test
    void overflowThrowsAndChangesNothing() {
        ZkCounter c = p.connect().counter("c");
        c.addAndGet(Long.MAX_VALUE);
        assertThrows(CounterOverflowException.class, c::incrementAndGet);
        assertEquals(Long.MAX_VALUE, c.get());
        ZkPrimitives zk = p.connect();
        assertThrows(IllegalArgumentException.class, () -> zk.event("c"), "a counter lives there");
    }
}
