package io.github.signalbox.zookeeper;

import static io.github.signalbox.zookeeper.ZkParticipants.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.locks.ReadersWritersPolicy;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.KillSession;
import org.apache.curator.test.TestingCluster;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Session expiry, server restart and leader loss: leases are lost loudly, tokens only grow. */
class ZkFaultsTest {

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void anExpiredHolderLosesItsLeaseAndTheWaiterGoesOn(ReadersWritersPolicy policy)
            throws Exception {
        try (ZkParticipants p = new ZkParticipants()) {
            ZkPrimitives doomed = p.connect();
            ZkReadersWritersLock holderLock = doomed.readersWritersLock("lock", policy);
            ZkReadersWritersLock waiterLock = p.connect().readersWritersLock("lock", policy);
            Lease held = holderLock.write();
            AtomicInteger changes = new AtomicInteger();
            held.onStateChange(changes::incrementAndGet);
            CompletableFuture<Lease> waiter = p.async(waiterLock::write);
            ZkTesting.await("waiter queued", () -> waiterLock.getQueuedWriterCount() == 1);

            KillSession.kill(doomed.curator().getZookeeperClient().getZooKeeper());

            Lease next = get(waiter);
            assertTrue(next.fence() > held.fence(), "the next holder has a higher token");
            ZkTesting.await("holder told", () -> held.state() == LeaseState.LOST);
            assertTrue(changes.get() >= 1, "the listener ran");
            assertThrows(LeaseLostException.class, held::checkValid);
            assertThrows(LeaseLostException.class, holderLock::write, "re-entering a lost lease");
            assertThrows(LeaseLostException.class, held::close);
            assertEquals(LeaseState.RELEASED, held.state());
        }
    }

    @Test
    void anExpiredPermitHolderFreesItsPermits() throws Exception {
        try (ZkParticipants p = new ZkParticipants()) {
            ZkPrimitives doomed = p.connect();
            ZkPermit held = doomed.boundedSemaphore("s", 1).acquirePermit();
            ZkBoundedSemaphore other = p.connect().boundedSemaphore("s", 1);
            CompletableFuture<ZkPermit> waiter = p.async(other::acquirePermit);
            ZkTesting.await("waiter queued", () -> other.getQueueLength() == 1);
            KillSession.kill(doomed.curator().getZookeeperClient().getZooKeeper());
            assertTrue(get(waiter).fence() > held.fence());
            ZkTesting.await("holder told", () -> held.state() == LeaseState.LOST);
            assertEquals(1, other.permitsInUse());
        }
    }

    @Test
    void aServerRestartKeepsLeasesOfLiveSessionsAndTokensGrow() throws Exception {
        try (TestingServer server = new TestingServer(
                new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1), true);
                ZkParticipants p = new ZkParticipants(server.getConnectString())) {
            ZkReadersWritersLock lock = p.connect().readersWritersLock("lock");
            ZkReadersWritersLock other = p.connect().readersWritersLock("lock");
            Lease held = lock.write();
            server.restart();
            ZkTesting.await("lease verified after reconnection",
                    () -> held.state() == LeaseState.HELD || held.state() == LeaseState.LOST);
            if (held.state() == LeaseState.HELD) {
                assertEquals(Optional.empty(), get(p.async(other::tryWrite)),
                        "still exclusive after the restart");
                held.close();
            }
            Lease next = get(p.async(other::write));
            assertTrue(next.fence() > held.fence());
        }
    }

    @Test
    void leaderLossInAnEnsembleKeepsExclusionAndTokensGrow() throws Exception {
        try (TestingCluster cluster = new TestingCluster(3)) {
            cluster.start();
            try (ZkParticipants p = new ZkParticipants(cluster.getConnectString())) {
                ZkReadersWritersLock lock = p.connect().readersWritersLock("lock");
                ZkReadersWritersLock other = p.connect().readersWritersLock("lock");
                ZkBoundedSemaphore semaphore = p.connect().boundedSemaphore("s", 1);
                Lease held = lock.write();
                ZkPermit permit = semaphore.acquirePermit();
                InstanceSpec leader = null;
                for (InstanceSpec spec : cluster.getInstances()) {
                    if (ZkTesting.fourLetterWord(spec.getPort(), "srvr").contains("Mode: leader")) {
                        leader = spec;
                    }
                }
                assertTrue(leader != null, "a leader");
                cluster.killServer(leader);
                ZkTesting.await("the holder's lease is settled",
                        () -> held.state() == LeaseState.HELD || held.state() == LeaseState.LOST);
                if (held.state() == LeaseState.HELD) {
                    assertEquals(Optional.empty(), get(p.async(other::tryWrite)));
                    held.close();
                    permit.close();
                }
                Lease next = get(p.async(other::write));
                assertTrue(next.fence() > held.fence());
                ZkPermit nextPermit = get(p.async(() -> p.connect().boundedSemaphore("s", 1)
                        .acquirePermit()));
                assertTrue(nextPermit.fence() > permit.fence());
            }
        }
    }
}
