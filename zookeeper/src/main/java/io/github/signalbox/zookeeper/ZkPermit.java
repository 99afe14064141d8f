package io.github.signalbox.zookeeper;

import io.github.signalbox.semaphores.OverReleaseException;

/**
 * Permits of a {@link ZkBoundedSemaphore}, held by this process until released. Unlike a lock
 * hold, permits belong to the process, not to a thread: any thread may release them.
 */
public interface ZkPermit extends Lease {

    /**
     * The number of permits still held by this lease.
     *
     * @return the permits held, 0 once released
     */
    int permits();

    /**
     * Releases some of the permits and keeps the rest (and the fencing token).
     *
     * @param permits how many to release, at least 1
     * @throws OverReleaseException if {@code permits} is more than this lease holds (including a
     *         lease already released); nothing changes
     * @throws IllegalArgumentException if {@code permits < 1}
     * @throws LeaseLostException if the lease was lost with its session
     */
    void release(int permits);

    /**
     * Releases every permit still held, the first time only (a later call does nothing).
     *
     * @throws LeaseLostException if the lease had been lost (it is released locally anyway)
     */
    @Override
    void close();
}
