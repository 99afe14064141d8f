package io.github.signalbox.zookeeper;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.data.Stat;

/**
 * What every primitive of one {@link ZkPrimitives} shares: the Curator client, the leases held in
 * this process (so that session events reach them) and the threads waiting for a watch (so that
 * a connection change wakes them to look again or give up).
 */
final class ZkSession implements ConnectionStateListener {

    final CuratorFramework curator;
    private final Set<ZkLease> leases = ConcurrentHashMap.newKeySet();
    private final Set<Wakeup> waiting = ConcurrentHashMap.newKeySet();
    private final ExecutorService verifier = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "signalbox-zookeeper-lease-verifier");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean connected = true;
    private volatile boolean closed;

    ZkSession(CuratorFramework curator) {
        this.curator = curator;
        curator.getConnectionStateListenable().addListener(this);
    }

    void register(ZkLease lease) {
        leases.add(lease);
        if (!connected) {
            lease.suspend();
        }
    }

    void unregister(ZkLease lease) {
        leases.remove(lease);
    }

    void waiting(Wakeup wakeup) {
        waiting.add(wakeup);
    }

    void doneWaiting(Wakeup wakeup) {
        waiting.remove(wakeup);
    }

    boolean isConnected() {
        return connected && !closed;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void stateChanged(CuratorFramework client, ConnectionState newState) {
        switch (newState) {
            case SUSPENDED -> {
                connected = false;
                leases.forEach(ZkLease::suspend);
            }
            case LOST -> {
                connected = false;
                leases.forEach(ZkLease::lose);
            }
            case CONNECTED, RECONNECTED -> {
                connected = true;
                verifier.execute(this::verifyLeases);
            }
            default -> {
                // READ_ONLY: treated like a connection that cannot grant anything new
            }
        }
        waiting.forEach(Wakeup::wake);
    }

    /** After a reconnection: a lease whose node still belongs to this session is held again. */
    private void verifyLeases() {
        long session;
        try {
            session = curator.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            leases.forEach(ZkLease::lose);
            return;
        }
        for (ZkLease lease : leases) {
            try {
                Stat stat = curator.checkExists().forPath(lease.node());
                if (stat != null && stat.getEphemeralOwner() == session) {
                    lease.resume();
                } else {
                    lease.lose();
                }
            } catch (Exception e) {
                // still disconnected: the next state change looks again
            }
        }
    }

    void close() {
        closed = true;
        curator.getConnectionStateListenable().removeListener(this);
        for (ZkLease lease : leases) {
            for (String node : lease.nodes()) { // the client may outlive us: give the lease up
                try {
                    curator.delete().guaranteed().inBackground().forPath(node);
                } catch (Exception e) {
                    ZkPrimitives.log().debug("could not delete {}", node, e);
                }
            }
            lease.lose();
        }
        waiting.forEach(Wakeup::wake);
        verifier.shutdownNow();
    }
}
