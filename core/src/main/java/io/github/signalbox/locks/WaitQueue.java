package io.github.signalbox.locks;

/**
 * The arrival-order queue of a {@link ReadersWritersLock}: a doubly linked list of
 * {@link Waiter}s with counts per kind. Guarded by the engine's mutex; the counts are volatile so
 * that introspection can read them without the mutex.
 */
final class WaitQueue {

    private Waiter head;
    private Waiter tail;
    private Waiter firstWriter;
    private volatile int readers;
    private volatile int writers;
    private volatile int upgradables;

    Waiter head() {
        return head;
    }

    boolean isEmpty() {
        return head == null;
    }

    int readers() {
        return readers;
    }

    /** Queued writers, the queued upgrade (if any) included. */
    int writers() {
        return writers;
    }

    /** Threads queued for the upgradable read lock. */
    int upgradables() {
        return upgradables;
    }

    /** Everybody queued. */
    int size() {
        return readers + writers + upgradables;
    }

    /**
     * The first queued writer, or {@code null}; kept up to date by add and remove, so policies
     * that serve writers first do not walk the readers queued before it at every release.
     */
    Waiter firstWriter() {
        return firstWriter;
    }

    void add(Waiter w) {
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        if (firstWriter == null && w.isWriter()) {
            firstWriter = w; // joins at the tail: no writer ahead of it
        }
        count(w, 1);
    }

    void remove(Waiter w) {
        if (w == firstWriter) {
            Waiter next = w.next;
            while (next != null && !next.isWriter()) {
                next = next.next; // each waiter is passed over at most once this way
            }
            firstWriter = next;
        }
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = null;
        w.next = null;
        count(w, -1);
    }

    private void count(Waiter w, int delta) {
        if (w.isWriter()) {
            writers += delta;
        } else if (w.isReader()) {
            readers += delta;
        } else {
            upgradables += delta;
        }
    }
}
