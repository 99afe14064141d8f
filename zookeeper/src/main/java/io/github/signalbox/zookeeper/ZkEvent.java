package io.github.signalbox.zookeeper;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * An event shared by processes, as Python's {@code threading.Event} and the in-JVM {@link
 * io.github.signalbox.events.Event}: a flag that is set or clear; {@link #await(Duration)} returns
 * as soon as it is set.
 *
 * <p>A set that is cleared again at once still releases every process that was waiting when it
 * was set: the node counts the sets, and a waiter returns {@code true} when the flag is set
 * <em>or</em> the count moved past what it saw when it began to wait. Waiters watch the event's
 * node, so one {@code set()} wakes all of them (that is the point of an event).
 *
 * <pre>{@code
 * ZkEvent ready = zk.event("config-loaded");
 * // loader process:                  // worker processes:
 * loadConfig();                       if (!ready.await(Duration.ofMinutes(1))) {
 * ready.set();                            throw new IllegalStateException("no config");
 *                                     }
 * }</pre>
 *
 * <p>Memory consistency effects: across processes, ZooKeeper writes a process made before
 * {@code set()} are visible to a process after its {@code await} returns {@code true} (ZooKeeper
 * orders the writes and a client sees them in order).
 */
public final class ZkEvent {

    private final ZkSession session;
    private final String path;

    ZkEvent(ZkSession session, String path) {
        this.session = session;
        this.path = path;
    }

    /** Sets the flag (if clear) and releases every waiting process. */
    public void set() {
        update(true);
    }

    /** Clears the flag (if set). Processes already released stay released. */
    public void clear() {
        update(false);
    }

    /**
     * Whether the flag is set now.
     *
     * @return {@code true} if set
     */
    public boolean isSet() {
        return state(null).set;
    }

    /**
     * Waits until the flag is set (or was set since this call began).
     *
     * @throws InterruptedException if interrupted while waiting
     */
    public void await() throws InterruptedException {
        awaitUntil(Long.MAX_VALUE);
    }

    /**
     * Waits until the flag is set (or was set since this call began), at most {@code timeout}.
     *
     * @param timeout how long to wait at most; zero or negative only looks
     * @return {@code true} if the flag was set, {@code false} if the timeout passed first
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return awaitUntil(ZkOps.deadline(timeout));
    }

    /**
     * The event's ZooKeeper path.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    @Override
    public String toString() {
        String state;
        try {
            state = isSet() ? "set" : "clear";
        } catch (RuntimeException e) {
            state = "state unknown: " + e.getMessage();
        }
        return "ZkEvent[" + path + ", " + state + "]";
    }

    private boolean awaitUntil(long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Wakeup wakeup = new Wakeup();
        session.waiting(wakeup);
        try {
            State first = state(wakeup);
            State now = first;
            while (!now.set && now.sets == first.sets) {
                if (session.isClosed()) {
                    throw new IllegalStateException("the ZkPrimitives of " + path + " is closed");
                }
                if (!wakeup.await(deadline, true)) {
                    return false;
                }
                wakeup.reset();
                now = state(wakeup);
            }
            return true;
        } finally {
            session.doneWaiting(wakeup);
        }
    }

    private record State(boolean set, long sets, int version) {
    }

    private State state(Wakeup watch) {
        try {
            Stat stat = new Stat();
            byte[] data = watch == null ? session.curator.getData().storingStatIn(stat).forPath(path)
                    : session.curator.getData().storingStatIn(stat).usingWatcher(watch)
                            .forPath(path);
            ZkPrimitives.checkKind(path, "event", data);
            return new State(ZkNodeData.longField(data, "set", 0) == 1,
                    ZkNodeData.longField(data, "sets", 0), stat.getVersion());
        } catch (KeeperException.NoNodeException e) {
            recreate();
            return state(watch);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw ZkOps.failure("read " + path, e);
        }
    }

    private void update(boolean set) {
        while (true) {
            State s = state(null);
            if (s.set == set) {
                return;
            }
            byte[] data = ZkNodeData.encode("event", Map.of("set", set ? 1 : 0,
                    "sets", set ? s.sets + 1 : s.sets));
            try {
                session.curator.setData().withVersion(s.version).forPath(path, data);
                return;
            } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
                // changed meanwhile: look again
            } catch (Exception e) {
                throw ZkOps.failure((set ? "set " : "clear ") + path, e);
            }
        }
    }

    private void recreate() {
        ZkOps.recreateNode(session, path, ZkPrimitives.kindMark("event"));
    }
}
