package io.github.signalbox.locks;

/**
 * The arrival-order queue of a {@link ReadersWritersLock}: a doubly linked list of
 * {@link Waiter}s with counts per kind. Guarded by the engine's mutex; the counts are volatile so
 * that introspection can read them without the mutex.
 */
final class WaitQueue {

    private Waiter head;
    private Waiter tail;
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

    /** The first queued writer, or {@code null}. */
    Waiter firstWriter() {
        for (Waiter w = head; w != null; w = w.next) {
            if (w.isWriter()) {
                return w;
            }
        }
        return null;
    }

    void add(Waiter w) {
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        count(w, 1);
    }

    void remove(Waiter w) {
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
