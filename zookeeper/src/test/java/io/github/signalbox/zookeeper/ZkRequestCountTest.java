package io.github.signalbox.zookeeper;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.locks.ReadersWritersPolicy;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Requests the server receives per uncontended acquire+release once a process has seen the lock
 * free: two (one transaction that checks, creates and grants; one delete), counted with the
 * server's own packet counter on a server of its own with one client. It found the write path's
 * fast path never re-armed (five requests). A count, not a time: deterministic.
 */
class ZkRequestCountTest {

    private static final int OPERATIONS = 40;

    private interface Op {
        void run() throws Exception;
    }

    private static double requestsPerOp(int port, Op op) throws Exception {
        for (int i = 0; i < 5; i++) {
            op.run(); // the first acquisitions create the nodes and learn the versions
        }
        long before = ZkTesting.packetsReceived(port);
        for (int i = 0; i < OPERATIONS; i++) {
            op.run();
        }
        long after = ZkTesting.packetsReceived(port);
        // minus the srvr connection's own packet; a session ping or two may fall in the window
        return (after - before - 1) / (double) OPERATIONS;
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void anUncontendedAcquireAndReleaseCostsTwoRequests(ReadersWritersPolicy policy)
            throws Exception {
        try (TestingServer server = new TestingServer(
                new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1), true);
                ZkParticipants p = new ZkParticipants(server.getConnectString())) {
            ZkPrimitives zk = p.connect();
            ZkReadersWritersLock lock = zk.readersWritersLock("lock", policy);
            ZkBoundedSemaphore semaphore = zk.boundedSemaphore("s", 3);
            double write = requestsPerOp(server.getPort(), () -> lock.write().close());
            double read = requestsPerOp(server.getPort(), () -> lock.read().close());
            double permit = requestsPerOp(server.getPort(),
                    () -> semaphore.acquirePermit().close());
            assertTrue(write < 2.2, "write: " + write + " requests per acquire+release");
            assertTrue(read < 2.2, "read: " + read + " requests per acquire+release");
            assertTrue(permit < 2.2, "permit: " + permit + " requests per acquire+release");
        }
    }
}
