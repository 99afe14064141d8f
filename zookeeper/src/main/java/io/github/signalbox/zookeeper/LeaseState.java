package io.github.signalbox.zookeeper;

/** What a {@link Lease} is known to be, as seen from its process. */
public enum LeaseState {
    /** Held: the session that holds it is connected and its node exists. */
    HELD,
    /**
     * The connection to ZooKeeper is interrupted (Curator's SUSPENDED state): the session may
     * still be alive, in which case the lease comes back to {@link #HELD} on reconnection, or may
     * expire, in which case it becomes {@link #LOST}. Stop work that needs the lease.
     */
    SUSPENDED,
    /** Lost: the session ended, so ZooKeeper removed the lease; another process may hold it. */
    LOST,
    /** Released by its holder. */
    RELEASED
}
