package io.github.signalbox.zookeeper;

/**
 * The lease (a lock hold, a read hold, a semaphore permit) is no longer held: the ZooKeeper
 * session that held it has expired or was closed, so ZooKeeper deleted the lease's node and may
 * already have granted the resource to another process.
 *
 * <p>Thrown by {@link Lease#checkValid()} and by operations on a lost lease (closing it,
 * downgrading it, re-entering the lock it belonged to). Work done under a lost lease was not
 * protected from the point the session ended; a resource that compares {@linkplain Lease#fence()
 * fencing tokens} rejects writes made under it after a later holder's.
 */
public class LeaseLostException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which lease was lost, naming the primitive's path
     */
    public LeaseLostException(String message) {
        super(message);
    }
}
