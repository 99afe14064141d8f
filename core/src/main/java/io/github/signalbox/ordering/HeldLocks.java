package io.github.signalbox.ordering;

import java.util.Arrays;

/**
 * The locks one thread holds in one {@link LockOrdering}, in acquisition order (a reentrant
 * acquisition appears again). Confined to its thread. Entries from {@code groupStart} on were
 * taken by the {@link LockSet} acquisition in progress, which may take equal ranks together.
 */
final class HeldLocks {

    /** The thread these are the locks of (lets a lock cache the record of its last holder). */
    final Thread owner = Thread.currentThread();

    private Object[] locks = new Object[8]; // Object[]: stores need no array type check
    private int size;
    private int groupStart = Integer.MAX_VALUE;

    int size() {
        return size;
    }

    OrderedLock get(int index) {
        return (OrderedLock) locks[index];
    }

    boolean inGroup(int index) {
        return index >= groupStart;
    }

    void push(OrderedLock lock) {
        if (size == locks.length) {
            locks = Arrays.copyOf(locks, size * 2);
        }
        locks[size++] = lock;
    }

    /** Removes the most recent entry of {@code lock}, if any. */
    void remove(OrderedLock lock) {
        int top = size - 1;
        if (top >= 0 && locks[top] == lock) { // the usual LIFO release
            locks[top] = null;
            size = top;
            return;
        }
        for (int i = top - 1; i >= 0; i--) {
            if (locks[i] == lock) {
                System.arraycopy(locks, i + 1, locks, i, size - i - 1);
                locks[--size] = null;
                return;
            }
        }
    }

    /** Starts a group acquisition; returns what {@link #endGroup} restores. */
    int startGroup() {
        int saved = groupStart;
        groupStart = size;
        return saved;
    }

    void endGroup(int saved) {
        groupStart = saved;
    }

    /** The labels of the held locks, oldest first. */
    String[] labels() {
        String[] labels = new String[size];
        for (int i = 0; i < size; i++) {
            labels[i] = get(i).node.label(get(i).mode);
        }
        return labels;
    }
}
