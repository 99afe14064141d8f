package io.github.signalbox.zookeeper;

import static io.github.signalbox.zookeeper.ZkParticipants.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.KillSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ZkBarrierTest {

    private final ZkParticipants p = new ZkParticipants();

    @AfterEach
    void close() {
        p.close();
    }

    @Test
    void indicesCountUpAndTheActionRunsOncePerRound() throws Exception {
        AtomicInteger actions = new AtomicInteger();
        List<ZkBarrier> parties = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            parties.add(p.connect().barrier("b", 3, actions::incrementAndGet));
        }
        for (int round = 0; round < 3; round++) {
            List<CompletableFuture<Integer>> arrivals = new ArrayList<>();
            for (ZkBarrier b : parties) {
                arrivals.add(p.async(() -> b.await(Duration.ofSeconds(60))));
            }
            Set<Integer> indices = new TreeSet<>();
            for (CompletableFuture<Integer> a : arrivals) {
                indices.add(get(a));
            }
            assertEquals(Set.of(0, 1, 2), indices);
            assertEquals(round + 1, actions.get(), "one action per round");
        }
        assertEquals(3, parties.get(0).generation());
        assertThrows(IllegalArgumentException.class, () -> p.connect().barrier("b", 4));
    }

    @Test
    void aTimeoutBreaksTheRoundForEveryone() throws Exception {
        ZkBarrier a = p.connect().barrier("b", 3);
        ZkBarrier b = p.connect().barrier("b", 3);
        CompletableFuture<Integer> waiting = p.async(() -> a.await(Duration.ofSeconds(60)));
        ZkTesting.await("first arrived", () -> b.numberWaiting() == 1);
        assertThrows(TimeoutException.class, () -> b.await(Duration.ofMillis(100)));
        assertInstanceOf(BrokenBarrierException.class, assertThrows(Exception.class,
                () -> get(waiting)));
        assertTrue(a.isBroken());
        assertThrows(BrokenBarrierException.class, () -> a.await(Duration.ofSeconds(1)));
        a.reset();
        assertFalse(a.isBroken());
        assertEquals(0, a.numberWaiting());
    }

    @Test
    void abortAndAFailingActionBreakTheRound() throws Exception {
        ZkBarrier a = p.connect().barrier("b", 2, () -> {
            throw new IllegalStateException("boom");
        });
        ZkBarrier b = p.connect().barrier("b", 2);
        CompletableFuture<Integer> waiting = p.async(() -> b.await(Duration.ofSeconds(60)));
        ZkTesting.await("first arrived", () -> a.numberWaiting() == 1);
        BrokenBarrierException failed = assertThrows(BrokenBarrierException.class,
                () -> a.await(Duration.ofSeconds(60)));
        assertEquals("boom", failed.getCause().getMessage());
        assertInstanceOf(BrokenBarrierException.class, assertThrows(Exception.class,
                () -> get(waiting)));
        a.reset();
        CompletableFuture<Integer> next = p.async(() -> b.await(Duration.ofSeconds(60)));
        ZkTesting.await("arrived again", () -> a.numberWaiting() == 1);
        a.abort();
        assertInstanceOf(BrokenBarrierException.class, assertThrows(Exception.class,
                () -> get(next)));
    }

    @Test
    void aMemberWhoseSessionIsLostBreaksTheRound() throws Exception {
        ZkPrimitives doomed = p.connect();
        ZkBarrier lost = doomed.barrier("b", 3);
        ZkBarrier survivor = p.connect().barrier("b", 3);
        CompletableFuture<Integer> lostArrival = p.async(() -> lost.await(Duration.ofSeconds(60)));
        ZkTesting.await("first arrived", () -> survivor.numberWaiting() == 1);
        CompletableFuture<Integer> waiting = p.async(() -> survivor.await(Duration.ofSeconds(60)));
        ZkTesting.await("second arrived", () -> survivor.numberWaiting() == 2);
        KillSession.kill(doomed.curator().getZookeeperClient().getZooKeeper());
        assertInstanceOf(BrokenBarrierException.class, assertThrows(Exception.class,
                () -> get(waiting)));
        assertTrue(survivor.isBroken());
        lostArrival.cancel(true);
    }
}
