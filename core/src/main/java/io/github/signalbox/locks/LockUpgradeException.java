package io.github.signalbox.locks;

/**
 * Thrown when a thread that holds only the read lock of a {@link ReadersWritersLock} asks for its
 * write lock. Granting the request would need the asking thread itself to release its read hold
 * first, so waiting could never end; the JDK's {@code ReentrantReadWriteLock} hangs silently in
 * this situation, this library refuses at once and leaves the lock as it was.
 *
 * <p>To change from reading to writing, release every read hold, then acquire the write lock
 * and re-check whatever was read, since another writer may have run in between.
 */
public class LockUpgradeException extends IllegalMonitorStateException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception with a message explaining the refusal.
     *
     * @param message names the lock and the thread
     */
    public LockUpgradeException(String message) {
        super(message);
    }
}
