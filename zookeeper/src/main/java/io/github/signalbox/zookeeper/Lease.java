package io.github.signalbox.zookeeper;

import io.github.signalbox.Guard;

/**
 * A hold on a primitive that lives in ZooKeeper (a write or read hold of a {@link
 * ZkReadersWritersLock}, permits of a {@link ZkBoundedSemaphore}), released by {@link #close()}.
 *
 * <p><b>What a lease guarantees, and what it cannot.</b> ZooKeeper never grants an exclusive
 * lease to two live sessions at once. But a process cannot know, while it is paused (a long GC
 * pause, a stopped VM), that its session expired and another process was granted the lease. So
 * every lease carries a {@linkplain #fence() fencing token}; the library tells the holder as soon
 * as it can ({@link #state()}, {@link #isValid()}, {@link #onStateChange(Runnable)}, and {@link
 * LeaseLostException} from operations on a lost lease); and a resource that remembers the highest
 * token it has seen and rejects lower ones is safe from a stale holder. Nothing stronger is
 * claimed.
 *
 * <pre>{@code
 * try (Lease lease = lock.write()) {
 *     storage.put(key, value, lease.fence());   // storage rejects tokens below the last one it saw
 * }
 * }</pre>
 *
 * <p>Memory consistency effects: within one process, actions before {@code close()} happen-before
 * the next acquisition in that process; across processes, the next holder sees ZooKeeper's state
 * as of the release (ZooKeeper orders all writes), not the releasing process's memory.
 */
public interface Lease extends Guard {

    /**
     * The fencing token: the ZooKeeper transaction id (zxid) of the transaction that granted this
     * lease. It strictly increases with each grant of the same primitive, across processes,
     * session losses, server restarts and leader changes.
     *
     * @return the fencing token
     */
    long fence();

    /**
     * What this lease is known to be now.
     *
     * @return the lease's state
     */
    LeaseState state();

    /**
     * Whether the lease is held and its session connected ({@link LeaseState#HELD}).
     *
     * @return {@code true} if the lease is held
     */
    default boolean isValid() {
        return state() == LeaseState.HELD;
    }

    /**
     * Throws unless the lease is held.
     *
     * @throws LeaseLostException if the lease was lost with its session, or is suspended
     *         (connection interrupted) and so cannot be relied on
     * @throws IllegalStateException if the lease was released
     */
    void checkValid();

    /**
     * Registers an action run (on Curator's event thread) each time the lease's state changes
     * from now on: to {@link LeaseState#SUSPENDED}, back to {@link LeaseState#HELD}, to {@link
     * LeaseState#LOST}. Keep it short; it must not block.
     *
     * @param action what to run
     */
    void onStateChange(Runnable action);

    /**
     * Releases the lease, the first time only (later calls do nothing).
     *
     * @throws LeaseLostException if the lease had been lost (it is released locally anyway; the
     *         exception tells the holder that its work was not protected to the end)
     * @throws IllegalMonitorStateException if called by a thread other than the acquiring one,
     *         for lock leases
     */
    @Override
    void close();
}
