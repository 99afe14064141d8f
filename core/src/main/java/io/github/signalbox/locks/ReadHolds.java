package io.github.signalbox.locks;

import java.util.Arrays;

/**
 * The read holds of one thread, on every {@link ReadersWritersLock} it reads now: one record per
 * thread (a single {@link ThreadLocal} shared by all locks), one small {@link Hold} per lock it
 * holds, removed again when its last hold on that lock is released. So a lock keeps nothing per
 * thread, a thread keeps only what it holds, and everything goes with the thread when it ends.
 *
 * <p>Confined to its thread, except that writers and introspection read the {@link Hold}s
 * published in {@link VisibleReaders}.
 */
final class ReadHolds {

    private static final ThreadLocal<ReadHolds> CURRENT = ThreadLocal.withInitial(ReadHolds::new);
    /**
     * This thread's line of {@link VisibleReaders}. Thread ids are handed out in sequence, so
     * threads that run at the same time mostly get lines of their own.
     */
    final int line = (int) (Thread.currentThread().getId() & VisibleReaders.LINE_MASK);

    private Hold[] holds = new Hold[2];
    private int size;
    /** A released hold kept for reuse, so a read-release loop allocates nothing. */
    private Hold spare;

    static ReadHolds current() {
        return CURRENT.get();
    }

    /** This thread's hold on {@code lock}, or null. */
    Hold find(RwEngine lock) {
        Hold[] h = holds;
        for (int i = 0, n = size; i < n; i++) {
            Hold hold = h[i];
            if (hold != null && hold.lock == lock) {
                return hold;
            }
        }
        return null;
    }

    /** Records a first hold on {@code lock}; {@code slot} is its visible-readers slot or -1. */
    Hold add(RwEngine lock, int slot) {
        Hold h = spare;
        if (h == null) {
            h = new Hold();
        } else {
            spare = null;
        }
        h.lock = lock;
        h.slot = slot;
        h.count = 1;
        if (size == holds.length) {
            holds = Arrays.copyOf(holds, size * 2);
        }
        holds[size++] = h;
        return h;
    }

    /** Forgets a hold whose count reached zero (or that was never used). */
    void remove(Hold h) {
        for (int i = 0; i < size; i++) {
            if (holds[i] == h) {
                holds[i] = holds[--size];
                holds[size] = null;
                break;
            }
        }
        h.lock = null;
        spare = h;
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
