package io.github.signalbox.locks;

/**
 * A thread waiting in a {@link WaitQueue} for the read or the write lock.
 *
 * <p>Its {@link #status} moves from {@code WAITING} to {@code GRANTED} (the releasing thread has
 * made it the owner and removed it from the queue: it only has to return) or to {@code RETRY}
 * (it was woken to compete for the lock again; it stays queued). Both transitions happen under
 * the engine's mutex and are followed by an unpark if the waiter has parked.
 */
final class Waiter {

    static final int WAITING = 0;
    static final int RETRY = 1;
    static final int GRANTED = 2;

    final Thread thread;
    private final boolean writer;
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

    private Waiter(Thread thread, boolean writer, int writeHolds) {
        this.thread = thread;
        this.writer = writer;
        this.writeHolds = writeHolds;
    }

    static Waiter reader(Thread thread) {
        return new Waiter(thread, false, 0);
    }

    static Waiter writer(Thread thread, int holds) {
        return new Waiter(thread, true, holds);
    }

    boolean isWriter() {
        return writer;
    }
}
