package io.github.signalbox.stress.locks;

import io.github.signalbox.locks.ReadersWritersLock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.Lock;

/**
 * State of the Termination tests: a helper thread holds one side of the lock until
 * {@link #release()} is called, so the actor really blocks on the other side and must be woken
 * by the helper's unlock. Locks are owned by threads, so the holder cannot be the signal thread.
 */
public abstract class HeldByHelper {

    protected final ReadersWritersLock lock;
    private final CountDownLatch release = new CountDownLatch(1);

    protected HeldByHelper(ReadersWritersLock lock, boolean helperWrites) {
        this.lock = lock;
        Lock held = helperWrites ? lock.writeLock() : lock.readLock();
        CountDownLatch acquired = new CountDownLatch(1);
        Thread helper = new Thread(() -> {
            held.lock();
            try {
                acquired.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                held.unlock();
            }
        }, "lock-holder");
        helper.setDaemon(true);
        helper.start();
        try {
            acquired.await();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Lets the helper release its hold. */
    protected void release() {
        release.countDown();
    }

    /** Acquires and releases the read lock (blocks while the helper writes). */
    protected void readOnce() {
        lock.readLock().lock();
        lock.readLock().unlock();
    }

    /** Takes the upgradable read lock and upgrades it (blocks while the helper reads). */
    protected void upgradeOnce() {
        try (io.github.signalbox.locks.UpgradableGuard u = lock.upgradable()) {
            u.upgrade().close();
        }
    }

    /** Acquires and releases the write lock (blocks while the helper holds either side). */
    protected void writeOnce() {
        lock.writeLock().lock();
        lock.writeLock().unlock();
    }
}
