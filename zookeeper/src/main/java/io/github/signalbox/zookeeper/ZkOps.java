package io.github.signalbox.zookeeper;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.curator.framework.api.transaction.OperationType;
import org.apache.zookeeper.KeeperException;

/** Small helpers shared by the primitives: multi-ops, error wrapping, request tags. */
final class ZkOps {

    private ZkOps() {
    }

    /** Runs the operations as one ZooKeeper transaction (all or nothing). */
    static List<CuratorTransactionResult> multi(CuratorFramework curator, List<CuratorOp> ops)
            throws Exception {
        return curator.transaction().forOperations(ops);
    }

    /** The zxid of the transaction: the mzxid of its first setData (every grant has one). */
    static long zxidOf(List<CuratorTransactionResult> results) {
        for (CuratorTransactionResult r : results) {
            if (r.getType() == OperationType.SET_DATA && r.getResultStat() != null) {
                return r.getResultStat().getMzxid();
            }
        }
        throw new IllegalStateException("transaction without a setData: " + results);
    }

    /** The path a transaction created (the first create). */
    static String createdPath(List<CuratorTransactionResult> results) {
        for (CuratorTransactionResult r : results) {
            if (r.getType() == OperationType.CREATE) {
                return r.getResultPath();
            }
        }
        throw new IllegalStateException("transaction without a create: " + results);
    }

    /** A fresh tag naming one acquisition's nodes, so they can be found after a lost reply. */
    static String newTag() {
        return Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
    }

    /** Whether the transaction failed on a version check or because its container vanished. */
    static boolean isRace(Exception e) {
        return e instanceof KeeperException.BadVersionException
                || e instanceof KeeperException.NoNodeException
                || e instanceof KeeperException.NodeExistsException;
    }

    static RuntimeException failure(String what, Exception e) {
        if (e instanceof RuntimeException r && !(e instanceof IllegalStateException
                && e.getMessage() != null && e.getMessage().contains("instance must be started"))) {
            return r;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        return new CoordinationException("ZooKeeper failed to " + what + ": " + e, e);
    }

    /** The sequence number ZooKeeper appended to a sequential node's name (10 digits). */
    static long sequenceOf(String name) {
        return Long.parseLong(name.substring(name.length() - 10));
    }

    /** Creates a primitive's node again after somebody deleted it. */
    static void recreateNode(ZkSession session, String path, byte[] mark) {
        try {
            session.curator.create().creatingParentContainersIfNeeded()
                    .withMode(org.apache.zookeeper.CreateMode.PERSISTENT).forPath(path, mark);
        } catch (KeeperException.NodeExistsException e) {
            // another process was quicker
        } catch (Exception e) {
            throw failure("create " + path, e);
        }
    }

    /**
     * The {@link System#nanoTime()} deadline {@code timeout} from now: zero or negative means
     * now, and a duration too long for a long of nanoseconds is about 73 years. Never {@link
     * Long#MAX_VALUE}, which the waits read as "no deadline".
     */
    static long deadline(java.time.Duration timeout) {
        java.util.Objects.requireNonNull(timeout, "timeout");
        long nanos;
        try {
            nanos = timeout.isNegative() ? 0 : Math.min(timeout.toNanos(), Long.MAX_VALUE / 4);
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE / 4;
        }
        long deadline = System.nanoTime() + nanos;
        return deadline == Long.MAX_VALUE ? Long.MAX_VALUE - 1 : deadline;
    }

    /** A call to ZooKeeper. */
    @FunctionalInterface
    interface ZkCall<T> {
        T call() throws Exception;
    }

    /**
     * Runs {@code call} with the thread's interrupt status set aside, and sets it again after: a
     * ZooKeeper call on an interrupted thread fails at once, and a release, a withdrawal or a
     * downgrade must get through whatever the caller's interrupt status.
     */
    static <T> T withInterruptSetAside(ZkCall<T> call) throws Exception {
        boolean interrupted = Thread.interrupted();
        try {
            return call.call();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Deletes the requests of one acquisition from {@code queue} (found by the tag in their names,
     * so also a request whose creation reply was lost), with the thread's interrupt status set
     * aside meanwhile; what cannot be deleted now ends with the session.
     */
    static void withdraw(ZkSession session, String queue, String tag) {
        try {
            withInterruptSetAside(() -> {
                for (String child : session.curator.getChildren().forPath(queue)) {
                    if (!child.startsWith("g-") && child.contains("-" + tag + "-")) {
                        session.curator.delete().guaranteed().forPath(queue + "/" + child);
                    }
                }
                return null;
            });
        } catch (Exception e) {
            ZkPrimitives.log().debug("could not withdraw request {} from {}; it ends with the"
                    + " session", tag, queue, e);
        }
    }
}
