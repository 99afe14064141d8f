package io.github.signalbox.locks;

/**
 * One thread's read holds on {@link ReadersWritersLock}s, other than the holds it has as a
 * lock's first reader: a small record per thread, shared by every lock it reads, so a lock keeps
 * nothing per thread and everything goes with the thread when it ends.
 *
 * <p>The record keeps up to {@value #CAPACITY} {@link Hold}s and reuses them: a hold whose last
 * read hold was released forgets its lock ({@code lock == null}) and serves the next lock the
 * thread reads, so a thread that reads lock after lock allocates nothing and retains no lock. A
 * thread that holds more than {@value #CAPACITY} read locks at once keeps the others in a
 * thread-local of each further lock, removed at release (as {@code ReentrantReadWriteLock} keeps
 * all of them): slower, but bounded, so even a thread that never releases what it read (a test
 * harness that abandons an operation, for example) keeps the record's scan short.
 *
 * <p>Holds are confined to their thread: no other thread ever reads them. What other threads
 * see of a reader is the lock's state word or its {@link VisibleReaders} slot.
 */
final class ReadHolds {

    static final int CAPACITY = 8;

    private static final ThreadLocal<ReadHolds> OF_THREAD = ThreadLocal.withInitial(ReadHolds::new);

    /** Holds in the order they were first needed; a null entry ends the list. */
    private final Hold[] recent = new Hold[CAPACITY];
    /** How many holds of this thread live in locks' overflow thread-locals. */
    private int overflowing;

    private ReadHolds() {
    }

    static ReadHolds ofCurrentThread() {
        return OF_THREAD.get();
    }

    /**
     * The calling thread's line of {@link VisibleReaders}. Thread ids are handed out in sequence,
     * so threads that run at the same time mostly get lines of their own.
     */
    static int line() {
        return (int) (Thread.currentThread().getId() & VisibleReaders.LINE_MASK);
    }

    /** This thread's hold on {@code lock}, or null. */
    Hold find(RwEngine lock) {
        Hold[] holds = recent;
        for (int i = 0; i < holds.length; i++) {
            Hold h = holds[i];
            if (h == null) {
                break;
            }
            if (h.lock == lock) {
                return h;
            }
        }
        if (overflowing == 0) {
            return null;
        }
        ThreadLocal<Hold> overflow = lock.overflowHoldsIfAny();
        return overflow == null ? null : overflow.get();
    }

    /**
     * Records a first read hold on {@code lock}; {@code slot} is its visible-readers slot, or -1
     * if the hold is counted in the lock's state word.
     */
    Hold add(RwEngine lock, int slot) {
        Hold[] holds = recent;
        for (int i = 0; i < holds.length; i++) {
            Hold h = holds[i];
            if (h == null) {
                h = holds[i] = new Hold(true);
            }
            if (h.lock == null) {
                return h.take(lock, slot);
            }
        }
        Hold h = new Hold(false).take(lock, slot);
        lock.overflowHolds().set(h);
        overflowing++;
        return h;
    }

    /** Forgets {@code h}, this thread's hold on {@code lock}, whose count reached zero. */
    void remove(RwEngine lock, Hold h) {
        h.lock = null;
        if (!h.pooled) {
            lock.overflowHolds().remove();
            overflowing--;
        }
    }

    /**
     * One thread's read holds on one lock. The first is registered in {@link VisibleReaders}
     * slot {@code slot} if {@code slot >= 0}; every other hold is counted in the lock's state word.
     */
    static final class Hold {
        /** The lock, or null while the hold is free for reuse. */
        RwEngine lock;
        int count;
        int slot;
        /** Kept in the thread's record (reused), not in a lock's overflow thread-local. */
        final boolean pooled;

        Hold(boolean pooled) {
            this.pooled = pooled;
        }

        Hold take(RwEngine lock, int slot) {
            this.lock = lock;
            this.slot = slot;
            this.count = 1;
            return this;
        }
    }
}
