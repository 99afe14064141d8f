package io.github.signalbox.zookeeper;

import io.github.signalbox.locks.ReadersWritersPolicy;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.imps.CuratorFrameworkState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.utils.PathUtils;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point of signalbox across processes: one object per ZooKeeper connection and
 * namespace, which creates named primitives whose state lives in ZooKeeper under {@code
 * namespace/name}.
 *
 * <pre>{@code
 * // development and tests: an in-process ZooKeeper server, started and stopped with this object
 * try (ZkPrimitives zk = ZkPrimitives.embedded("/app")) {
 *     ZkBoundedSemaphore licences = zk.boundedSemaphore("licences", 3);
 *     try (Lease permit = licences.acquirePermit()) {
 *         callLicensedService(permit.fence());
 *     }
 * }
 *
 * // production: a real ensemble, through a Curator client the application already has
 * ZkPrimitives zk = ZkPrimitives.connect(curator, "/app/locks");
 * ZkReadersWritersLock config = zk.readersWritersLock("config", ReadersWritersPolicy.FAIR);
 * }</pre>
 *
 * <p>Every process that uses the same connect string, namespace and name uses the same
 * primitive. A path belongs to one kind of primitive (and a lock to one policy): asking for a
 * semaphore where a lock lives fails with {@link IllegalArgumentException} and writes nothing.
 * A readers-writers lock's directory is a ZooKeeper <em>container</em> node, which the server
 * removes once it has been used and is empty again, so unused locks leave nothing behind; a
 * semaphore, event or counter keeps one persistent node holding its bound, flag or value.
 *
 * <p>Session loss: see {@link Lease}. The primitives never hide it: leases change state, waits
 * fail with {@link LeaseLostException} or {@link CoordinationException}, and the next grant of a
 * primitive always carries a higher fencing token.
 *
 * <p>Memory consistency effects: as in one JVM for threads of the same process; across processes
 * the primitives order ZooKeeper state, not memory (see each class).
 */
public final class ZkPrimitives implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ZkPrimitives.class);

    private final ZkSession session;
    private final String namespace;
    private final CuratorFramework ownedClient;
    private final EmbeddedZooKeeper ownedServer;

    private ZkPrimitives(CuratorFramework curator, String namespace, CuratorFramework ownedClient,
            EmbeddedZooKeeper ownedServer) {
        this.session = new ZkSession(curator);
        this.namespace = namespace;
        this.ownedClient = ownedClient;
        this.ownedServer = ownedServer;
    }

    /**
     * Uses a started Curator client that the caller owns (and closes after this object).
     *
     * @param curator a started client
     * @param namespace an absolute ZooKeeper path under which the primitives live, for example
     *        {@code "/app/locks"}
     * @return primitives on that connection and namespace
     * @throws IllegalArgumentException if {@code namespace} is not a valid absolute path or the
     *         client is not started
     * @throws NullPointerException if an argument is null
     */
    public static ZkPrimitives connect(CuratorFramework curator, String namespace) {
        Objects.requireNonNull(curator, "curator");
        if (curator.getState() != CuratorFrameworkState.STARTED) {
            throw new IllegalArgumentException("the Curator client must be started, it is "
                    + curator.getState());
        }
        return new ZkPrimitives(curator, checkNamespace(namespace), null, null);
    }

    /**
     * Connects to a ZooKeeper ensemble with a Curator client of its own (exponential back-off
     * retry, 3 retries from 100 ms), waits up to 30 s for the connection, and closes the client
     * in {@link #close()}.
     *
     * @param connectString the ensemble, for example {@code "zk1:2181,zk2:2181,zk3:2181"}
     * @param namespace an absolute path under which the primitives live
     * @return primitives on that connection and namespace
     * @throws CoordinationException if no connection was made within 30 s
     * @throws IllegalArgumentException if {@code namespace} is not a valid absolute path
     * @throws NullPointerException if an argument is null
     */
    public static ZkPrimitives connect(String connectString, String namespace) {
        Objects.requireNonNull(connectString, "connectString");
        String ns = checkNamespace(namespace);
        CuratorFramework client = startClient(connectString);
        return new ZkPrimitives(client, ns, client, null);
    }

    /**
     * Starts a ZooKeeper server inside this JVM (one server, loopback only, data in a temporary
     * directory) and connects to it; {@link #close()} stops both. <b>For development, examples
     * and tests only</b>: a single embedded server is no fault-tolerant ensemble, and other
     * processes reach it only through {@link #connectString()} while this JVM runs.
     *
     * @param namespace an absolute path under which the primitives live
     * @return primitives on the embedded server
     * @throws IllegalArgumentException if {@code namespace} is not a valid absolute path
     */
    public static ZkPrimitives embedded(String namespace) {
        String ns = checkNamespace(namespace);
        EmbeddedZooKeeper server = EmbeddedZooKeeper.start();
        try {
            CuratorFramework client = startClient(server.connectString());
            return new ZkPrimitives(client, ns, client, server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static CuratorFramework startClient(String connectString) {
        CuratorFramework client = CuratorFrameworkFactory.newClient(connectString,
                new ExponentialBackoffRetry(100, 3));
        client.start();
        try {
            if (!client.blockUntilConnected(30, TimeUnit.SECONDS)) {
                client.close();
                throw new CoordinationException("no connection to ZooKeeper at " + connectString
                        + " within 30 s", null);
            }
        } catch (InterruptedException e) {
            client.close();
            Thread.currentThread().interrupt();
            throw new CoordinationException("interrupted while connecting to " + connectString, e);
        }
        return client;
    }

    private static String checkNamespace(String namespace) {
        Objects.requireNonNull(namespace, "namespace");
        try {
            PathUtils.validatePath(namespace);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("namespace must be an absolute ZooKeeper path such"
                    + " as \"/app/locks\": " + e.getMessage(), e);
        }
        if (namespace.equals("/")) {
            throw new IllegalArgumentException("namespace must not be the root \"/\"");
        }
        return namespace;
    }

    /**
     * A readers-writers lock with the {@link ReadersWritersPolicy#FAIR FAIR} policy.
     *
     * @param name the lock's name, unique in the namespace (no {@code /})
     * @return the lock
     * @throws IllegalArgumentException if the name is empty or invalid, or the path holds another
     *         kind of primitive or a lock with another policy
     * @throws NullPointerException if {@code name} is null
     */
    public ZkReadersWritersLock readersWritersLock(String name) {
        return readersWritersLock(name, ReadersWritersPolicy.FAIR);
    }

    /**
     * A readers-writers lock with the given policy. Every process must use the same policy for
     * the same name.
     *
     * @param name the lock's name, unique in the namespace (no {@code /})
     * @param policy who goes first when readers and writers compete
     * @return the lock
     * @throws IllegalArgumentException if the name is empty or invalid, or the path holds another
     *         kind of primitive or a lock with another policy
     * @throws NullPointerException if an argument is null
     */
    public ZkReadersWritersLock readersWritersLock(String name, ReadersWritersPolicy policy) {
        Objects.requireNonNull(policy, "policy");
        String path = prepare(name, "rwlock:" + policy);
        return new ZkReadersWritersLock(session, path, policy);
    }

    /** The broken twin the tests must reject: a lock whose grants check no versions. */
    ZkReadersWritersLock uncheckedLockForTests(String name, ReadersWritersPolicy policy) {
        return new ZkReadersWritersLock(session, prepare(name, "rwlock:" + policy), policy, false);
    }

    /** The broken twin the tests must reject: a semaphore whose grants check no versions. */
    ZkBoundedSemaphore uncheckedSemaphoreForTests(String name, int bound) {
        return ZkBoundedSemaphore.open(session, prepare(name, "semaphore",
                ZkBoundedSemaphore.data(bound)), false);
    }

    /**
     * A bounded semaphore whose bound is stored in ZooKeeper and enforced for every process. The
     * first process to create it sets the bound; where it exists, the stored bound applies and
     * {@code bound} is ignored (change it with {@link ZkBoundedSemaphore#setBound(int)}).
     *
     * @param name the semaphore's name, unique in the namespace (no {@code /})
     * @param bound the number of permits, at least 1
     * @return the semaphore
     * @throws IllegalArgumentException if {@code bound < 1}, the name is empty or invalid, the
     *         or the path holds another kind of primitive
     * @throws NullPointerException if {@code name} is null
     */
    public ZkBoundedSemaphore boundedSemaphore(String name, int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("bound must be at least 1, was " + bound);
        }
        String path = prepare(name, "semaphore", ZkBoundedSemaphore.data(bound));
        return ZkBoundedSemaphore.open(session, path, true);
    }

    /**
     * A barrier for {@code parties} processes (or threads) without an action.
     *
     * @param name the barrier's name, unique in the namespace (no {@code /})
     * @param parties how many parties each round waits for, at least 1
     * @return the barrier
     * @throws IllegalArgumentException if {@code parties < 1}, the name is empty or invalid, the
     *         path holds another kind of primitive, or the barrier exists with other parties
     * @throws NullPointerException if {@code name} is null
     */
    public ZkBarrier barrier(String name, int parties) {
        return barrier(name, parties, null);
    }

    /**
     * A barrier for {@code parties} parties whose last arrival in each round runs {@code action}
     * (in that party's process) before any party is released.
     *
     * @param name the barrier's name, unique in the namespace (no {@code /})
     * @param parties how many parties each round waits for, at least 1
     * @param action what the last party runs, or {@code null} for none
     * @return the barrier
     * @throws IllegalArgumentException if {@code parties < 1}, the name is empty or invalid, the
     *         path holds another kind of primitive, or the barrier exists with other parties
     * @throws NullPointerException if {@code name} is null
     */
    public ZkBarrier barrier(String name, int parties, Runnable action) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be at least 1, was " + parties);
        }
        String path = prepare(name, "barrier", ZkBarrier.data(parties, 0));
        try {
            long existing = ZkNodeData.longField(session.curator.getData().forPath(path),
                    "parties", parties);
            if (existing != parties) {
                throw new IllegalArgumentException(path + " is a barrier for " + existing
                        + " parties, not " + parties);
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw ZkOps.failure("read " + path, e);
        }
        return new ZkBarrier(session, path, parties, action);
    }

    /**
     * An event (a flag processes wait for).
     *
     * @param name the event's name, unique in the namespace (no {@code /})
     * @return the event
     * @throws IllegalArgumentException if the name is empty or invalid, or the path holds another
     *         kind of primitive
     * @throws NullPointerException if {@code name} is null
     */
    public ZkEvent event(String name) {
        return new ZkEvent(session, prepare(name, "event"));
    }

    /**
     * An atomic counter, initially 0, that processes can wait on.
     *
     * @param name the counter's name, unique in the namespace (no {@code /})
     * @return the counter
     * @throws IllegalArgumentException if the name is empty or invalid, or the path holds another
     *         kind of primitive
     * @throws NullPointerException if {@code name} is null
     */
    public ZkCounter counter(String name) {
        return new ZkCounter(session, prepare(name, "counter"));
    }

    /**
     * The namespace the primitives live under.
     *
     * @return the namespace path
     */
    public String namespace() {
        return namespace;
    }

    /**
     * The Curator client in use.
     *
     * @return the client
     */
    public CuratorFramework curator() {
        return session.curator;
    }

    /**
     * The connect string of the ensemble (for the embedded server: {@code 127.0.0.1:port}, which
     * other processes on this machine can use while this JVM runs).
     *
     * @return the connect string
     */
    public String connectString() {
        return session.curator.getZookeeperClient().getCurrentConnectionString();
    }

    /**
     * Marks every lease of this object lost, wakes its waiting threads (their waits fail), and
     * closes the client and the embedded server if this object started them.
     */
    @Override
    public void close() {
        session.close();
        if (ownedClient != null) {
            ownedClient.close();
        }
        if (ownedServer != null) {
            ownedServer.close();
        }
    }

    @Override
    public String toString() {
        return "ZkPrimitives[" + connectString() + namespace + "]";
    }

    /**
     * Checks the name, creates the primitive's container node with its kind as data if it does
     * not exist, and checks the kind if it does. Nothing is written when a check fails.
     */
    private String prepare(String name, String kind) {
        return prepare(name, kind, null);
    }

    String prepare(String name, String kind, byte[] initial) {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.contains("/") || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException("a primitive's name must be non-empty and contain"
                    + " no '/', was \"" + name + "\"");
        }
        String path = namespace + "/" + name;
        try {
            PathUtils.validatePath(path);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid name \"" + name + "\": " + e.getMessage(),
                    e);
        }
        byte[] mark = kindMark(kind);
        for (int attempt = 0; ; attempt++) {
            try {
                byte[] existing = session.curator.getData().forPath(path);
                checkKind(path, kind, existing);
                return path;
            } catch (KeeperException.NoNodeException absent) {
                try {
                    // a lock keeps all its state in requests: its node is a container the server
                    // removes when unused; the others keep state (bound, flag, value) in theirs
                    session.curator.create().creatingParentContainersIfNeeded()
                            .withMode(kind.startsWith("rwlock:") ? CreateMode.CONTAINER
                                    : CreateMode.PERSISTENT)
                            .forPath(path, initial == null ? mark : initial);
                    return path;
                } catch (KeeperException.NodeExistsException raced) {
                    if (attempt > 10) {
                        throw new CoordinationException("could not create " + path, raced);
                    }
                } catch (Exception e) {
                    throw ZkOps.failure("create " + path, e);
                }
            } catch (IllegalArgumentException e) {
                throw e;
            } catch (Exception e) {
                throw ZkOps.failure("read " + path, e);
            }
        }
    }

    static byte[] kindMark(String kind) {
        return ("signalbox:" + kind).getBytes(StandardCharsets.UTF_8);
    }

    static void checkKind(String path, String kind, byte[] data) {
        String found = data == null ? "" : new String(data, StandardCharsets.UTF_8);
        String expected = "signalbox:" + kind;
        if (!found.equals(expected) && !found.startsWith(expected + ";")) {
            throw new IllegalArgumentException(path + " holds " + (found.startsWith("signalbox:")
                    ? "a signalbox " + found.substring("signalbox:".length())
                    : "data that is not a signalbox primitive") + ", not a " + kind);
        }
    }

    static Logger log() {
        return LOG;
    }
}
