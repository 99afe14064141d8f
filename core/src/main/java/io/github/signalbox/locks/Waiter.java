package io.github.signalbox.locks;

/**
 * A thread waiting in a {@link WaitQueue} for the read lock, the write lock, the upgradable read
 * lock, or the upgrade of the upgradable read lock it holds to the write lock.
 *
 * <p>Its {@link #status} moves from {@code WAITING} to {@code GRANTED} (the releasing thread has
 * made it the owner and removed it from the queue: it only has to return) or to {@code RETRY}
 * (it was woken to compete for the lock again; it stays queued). Both transitions happen under
 * the engine's mutex and are followed by an unpark if the waiter has parked.
 *
 * <p>An asynchronous request ({@link #async} set, {@link #thread} null) is a waiter without a
 * thread: it is never told to {@code RETRY} (the engine tries to grant it on the spot instead)
 * and a grant hands it to its {@link AsyncRequest} for completion once the mutex is released.
 */
final class Waiter {

    static final int WAITING = 0;
    static final int RETRY = 1;
    static final int GRANTED = 2;

    /** Kinds of request. */
    static final int READ = 0;
    static final int WRITE = 1;
    static final int UPGRADABLE = 2;
    static final int UPGRADE = 3;

    /** The waiting thread; null for an asynchronous request. */
    final Thread thread;
    /** The future to complete when granted; null for a waiting thread. */
    final AsyncRequest<?> async;
    private final int kind;
    /** The write hold count to install when a writer is granted the lock. */
    final int writeHolds;

    volatile int status;

    /**
     * Set while the waiter is (about to be) parked. A signaller stores the status, then reads
     * this flag; the waiter stores the flag, then reads the status (both volatile): so a waiter
     * that is still spinning is not sent a needless unpark, and a parking one is never missed.
     */
    volatile boolean parked;

    Waiter prev;
    Waiter next;

    /** The preferred side's activity when this waiter last found it may not enter (mutex). */
    long activityMark;
    /** Threads queued when this one joined (for the contention record); set under the mutex. */
    int queuedAhead;

    private Waiter(Thread thread, int kind, int writeHolds) {
        this(thread, null, kind, writeHolds);
    }

    private Waiter(Thread thread, AsyncRequest<?> async, int kind, int writeHolds) {
        this.thread = thread;
        this.async = async;
        this.kind = kind;
        this.writeHolds = writeHolds;
    }

    /** An asynchronous request of {@code kind} (READ, WRITE, UPGRADABLE or UPGRADE). */
    static Waiter async(AsyncRequest<?> request, int kind) {
        return new Waiter(null, request, kind, kind == WRITE || kind == UPGRADE ? 1 : 0);
    }


    static Waiter reader(Thread thread) {
        return new Waiter(thread, READ, 0);
    }

    static Waiter writer(Thread thread, int holds) {
        return new Waiter(thread, WRITE, holds);
    }

    static Waiter upgradable(Thread thread) {
        return new Waiter(thread, UPGRADABLE, 0);
    }

    /** The holder of the upgradable read lock, waiting to turn it into the write lock. */
    static Waiter upgrade(Thread thread) {
        return new Waiter(thread, UPGRADE, 1);
    }

    /** Wants the write lock: a writer or an upgrade (both close the gate as a writer does). */
    boolean isWriter() {
        return kind == WRITE || kind == UPGRADE;
    }

    /** Wants a plain read hold. */
    boolean isReader() {
        return kind == READ;
    }

    /** Wants the upgradable read lock. */
    boolean isUpgradable() {
        return kind == UPGRADABLE;
    }

    /** Holds the upgradable read lock and wants to turn it into the write lock. */
    boolean isUpgrade() {
        return kind == UPGRADE;
    }

    /** What the waiter asks for, for the contention record and reports. */
    String mode() {
        if (async != null) {
            return kind == READ ? "async read" : kind == WRITE ? "async write"
                    : kind == UPGRADABLE ? "async upgradable" : "async upgrade";
        }
        switch (kind) {
            case READ:
                return "read";
            case WRITE:
                return "write";
            case UPGRADABLE:
                return "upgradable";
            default:
                return "upgrade";
        }
    }
}
