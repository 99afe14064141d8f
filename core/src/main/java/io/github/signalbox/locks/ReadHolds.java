package io.github.signalbox.locks;

/**
 * The read holds of the threads that read one {@link ReadersWritersLock}, other than its first
 * reader: a {@link ThreadLocal} of the lock whose entry, a small {@link Hold}, exists only while
 * the thread holds the read lock (it is removed with the last hold, as
 * {@code ReentrantReadWriteLock} does). So the lock keeps nothing per thread, a thread keeps only
 * what it holds, and everything goes with the thread when it ends; an entry abandoned some other
 * way is expunged by the thread's map once the lock is gone.
 */
final class ReadHolds {

    private final ThreadLocal<Hold> mine = new ThreadLocal<>();

    /**
     * The calling thread's line of {@link VisibleReaders}. Thread ids are handed out in sequence,
     * so threads that run at the same time mostly get lines of their own.
     */
    static int line() {
        return (int) (Thread.currentThread().getId() & VisibleReaders.LINE_MASK);
    }

    /** The calling thread's hold on {@code lock} (this record's lock), or null. */
    Hold find(RwEngine lock) {
        return mine.get();
    }

    /** Records a first hold on {@code lock}; {@code slot} is its visible-readers slot or -1. */
    Hold add(RwEngine lock, int slot) {
        Hold h = new Hold();
        h.lock = lock;
        h.slot = slot;
        h.count = 1;
        mine.set(h);
        return h;
    }

    /** Forgets the calling thread's hold, whose count reached zero (or that was never used). */
    void remove(Hold h) {
        mine.remove();
    }

    /**
     * One thread's read holds on one lock. {@code slot >= 0}: the thread is registered in that
     * {@link VisibleReaders} slot and all its holds are counted here only; {@code slot < 0}: each
     * hold is also counted in the lock's state word.
     */
    static final class Hold {
        /** The lock; written by the owner before the hold is published in a slot. */
        RwEngine lock;
        /** Read holds; written by the owner only, read racily by introspection. */
        int count;
        int slot;
    }
}
