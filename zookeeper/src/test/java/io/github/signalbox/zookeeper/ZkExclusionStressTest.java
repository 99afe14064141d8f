package io.github.signalbox.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.locks.ReadersWritersPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Several sessions race for the lock, mostly for writes, with an in-JVM witness of who is inside:
 * a writer must be alone, a reader must see no writer. The same stress must catch the mutant
 * whose grants check no versions (two newcomers at a free lock both granted), so it is a test
 * that can fail.
 */
class ZkExclusionStressTest {

    private static final int SESSIONS = 4;
    private static final int ACQUISITIONS = 25;

    /** Overlaps seen: a writer not alone, or a reader with a writer inside. */
    private static int stress(ZkParticipants p,
            Function<ZkPrimitives, ZkReadersWritersLock> open) throws Exception {
        AtomicInteger writers = new AtomicInteger();
        AtomicInteger readers = new AtomicInteger();
        AtomicInteger overlaps = new AtomicInteger();
        // every round starts together at a free lock: newcomers race for it, the case a grant
        // without a version check gets wrong
        CyclicBarrier start = new CyclicBarrier(SESSIONS);
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            ZkReadersWritersLock lock = open.apply(p.connect());
            int id = s;
            workers.add(p.async(() -> {
                for (int i = 0; i < ACQUISITIONS; i++) {
                    boolean write = (i + id) % 4 != 0;
                    start.await(60, TimeUnit.SECONDS);
                    try (Lease lease = write ? lock.write() : lock.read()) {
                        (write ? writers : readers).incrementAndGet();
                        if (writers.get() > 1 || writers.get() == 1 && readers.get() > 0) {
                            overlaps.incrementAndGet();
                        }
                        LockSupport.parkNanos(200_000); // the work under the lock
                        (write ? writers : readers).decrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (CompletableFuture<Void> w : workers) {
            ZkParticipants.get(w);
        }
        return overlaps.get();
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void writersAreAloneAndReadersSeeNoWriter(ReadersWritersPolicy policy) throws Exception {
        try (ZkParticipants p = new ZkParticipants()) {
            assertEquals(0, stress(p, zk -> zk.readersWritersLock("lock", policy)));
        }
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void theStressRejectsGrantsWithoutVersionChecks(ReadersWritersPolicy policy)
            throws Exception {
        int overlaps = 0;
        for (int round = 0; round < 10 && overlaps == 0; round++) {
            try (ZkParticipants p = new ZkParticipants()) {
                overlaps = stress(p, zk -> zk.uncheckedLockForTests("lock", policy));
            }
        }
        assertTrue(overlaps > 0, "the mutant was not caught in 10 rounds");
    }

    /** The most permits seen held at once by sessions racing for a 2-permit semaphore. */
    private static int mostInside(ZkParticipants p,
            Function<ZkPrimitives, ZkBoundedSemaphore> open) throws Exception {
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CyclicBarrier start = new CyclicBarrier(SESSIONS);
        List<CompletableFuture<Void>> workers = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            ZkBoundedSemaphore semaphore = open.apply(p.connect());
            workers.add(p.async(() -> {
                for (int i = 0; i < ACQUISITIONS; i++) {
                    start.await(60, TimeUnit.SECONDS);
                    try (ZkPermit permit = semaphore.acquirePermit()) {
                        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        LockSupport.parkNanos(200_000);
                        inside.decrementAndGet();
                    }
                }
                return null;
            }));
        }
        for (CompletableFuture<Void> w : workers) {
            ZkParticipants.get(w);
        }
        return most.get();
    }

    @Test
    void theBoundHoldsWhenSessionsRace() throws Exception {
        try (ZkParticipants p = new ZkParticipants()) {
            int most = mostInside(p, zk -> zk.boundedSemaphore("s", 2));
            assertTrue(most >= 1 && most <= 2, "at most the bound inside, saw " + most);
        }
    }

    @Test
    void theStressRejectsASemaphoreWhoseGrantsCheckNoVersions() throws Exception {
        int most = 0;
        for (int round = 0; round < 10 && most <= 2; round++) {
            try (ZkParticipants p = new ZkParticipants()) {
                most = mostInside(p, zk -> zk.uncheckedSemaphoreForTests("s", 2));
            }
        }
        assertTrue(most > 2, "the mutant was not caught in 10 rounds");
    }
}
