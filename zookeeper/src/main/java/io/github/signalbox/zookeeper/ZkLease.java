package io.github.signalbox.zookeeper;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A lease whose existence is one ephemeral node: {@link #node()} exists exactly while the lease
 * is held (ZooKeeper deletes it when the session ends). Subclasses say how it is released.
 */
abstract class ZkLease implements Lease {

    final ZkSession session;
    private final String description;
    private final long fence;
    private volatile String node;
    private volatile LeaseState state = LeaseState.HELD;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    ZkLease(ZkSession session, String description, String node, long fence) {
        this.session = session;
        this.description = description;
        this.node = node;
        this.fence = fence;
    }

    String node() {
        return node;
    }

    /** The lease is now recorded by another node of the same session (a partial release). */
    void moveTo(String newNode) {
        node = newNode;
    }

    /** Every node that records the lease (deleted when this process gives it up). */
    List<String> nodes() {
        return List.of(node);
    }

    /**
     * Gives the lease up in ZooKeeper: deletes its request (and, in the background, its grant
     * marker), with the interrupt status set aside.
     *
     * @return {@code false} if the session had ended and ZooKeeper had deleted them already
     */
    final boolean deleteNodes(String what) {
        List<String> all = nodes();
        try {
            return ZkOps.withInterruptSetAside(() -> {
                session.curator.delete().guaranteed().forPath(all.get(0));
                for (String marker : all.subList(1, all.size())) {
                    session.curator.delete().guaranteed().inBackground().forPath(marker);
                }
                return true;
            });
        } catch (org.apache.zookeeper.KeeperException.NoNodeException gone) {
            return false;
        } catch (Exception e) {
            throw ZkOps.failure(what, e);
        }
    }

    /** Takes over the state listeners of the lease this one replaces (a downgrade). */
    void adoptListeners(ZkLease from) {
        listeners.addAll(from.listeners);
    }

    @Override
    public long fence() {
        return fence;
    }

    @Override
    public LeaseState state() {
        return state;
    }

    @Override
    public void checkValid() {
        LeaseState s = state;
        switch (s) {
            case HELD -> {
            }
            case RELEASED -> throw new IllegalStateException(this + " was released");
            default -> throw new LeaseLostException(this + " cannot be relied on: " + s);
        }
    }

    @Override
    public void onStateChange(Runnable action) {
        if (action == null) {
            throw new NullPointerException("action");
        }
        listeners.add(action);
    }

    synchronized void suspend() {
        if (state == LeaseState.HELD) {
            change(LeaseState.SUSPENDED);
        }
    }

    synchronized void resume() {
        if (state == LeaseState.SUSPENDED) {
            change(LeaseState.HELD);
        }
    }

    synchronized void lose() {
        if (state == LeaseState.HELD || state == LeaseState.SUSPENDED) {
            change(LeaseState.LOST);
            session.unregister(this);
        }
    }

    /**
     * Marks the lease released; {@code false} if it already was.
     *
     * @throws LeaseLostException if it had been lost (it is released locally all the same)
     */
    synchronized boolean markReleased() {
        LeaseState s = state;
        if (s == LeaseState.RELEASED) {
            return false;
        }
        state = LeaseState.RELEASED;
        session.unregister(this);
        if (s == LeaseState.LOST) {
            throw new LeaseLostException(this + " had been lost with its ZooKeeper session before"
                    + " it was released: the work done under it was not protected to the end");
        }
        return true;
    }

    private void change(LeaseState to) {
        state = to;
        for (Runnable r : listeners) {
            try {
                r.run();
            } catch (RuntimeException e) {
                ZkPrimitives.log().warn("lease listener of {} failed", this, e);
            }
        }
    }

    @Override
    public String toString() {
        return description + " (fence " + fence + ", " + state + ")";
    }
}
