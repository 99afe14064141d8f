package io.github.signalbox.counters;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;

/**
 * The threads waiting for a counter's value to satisfy a condition.
 *
 * <p>Implementation notes. Updates must cost nothing when nobody waits, so an updater only reads
 * the volatile waiter count (kept in the counter object, next to the reference to this object)
 * after its own volatile update of the value, and does nothing more
 * when it is zero. A waiter first registers (under a small lock, raising the count, a
 * volatile write) and only then reads the value again. Both sides write one volatile and then
 * read the other's, so at least one of them sees the other: either the waiter sees the new value
 * and completes itself, or the updater sees the waiter and tests its condition. An updater that
 * finds a waiter whose condition holds for the value it produced completes that waiter with that
 * value, so a waiter is released even if the value moves on again before it runs: no wakeup is
 * lost, also for conditions that hold only briefly ({@code v == 5}). Conditions therefore run in
 * updating threads as well as in the waiter; one that throws anything (an {@link Error} too) is
 * completed with what it threw and handed back to its waiter, which rethrows it: the updater and
 * the other waiters never see it.
 */
final class ValueWaiters {

    /** One waiting thread. Fields other than {@code done} are guarded by the lock. */
    static final class Node {
        final Thread thread = Thread.currentThread();
        final LongPredicate condition;
        long value;
        /** What the condition threw when an updater tested it; rethrown by the waiter. */
        Throwable failure;
        volatile boolean done;

        Node(LongPredicate condition) {
            this.condition = condition;
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final List<Node> nodes = new ArrayList<>();
    /** Where the number of waiters is published: a field of the counter itself (see there). */
    private final CounterLayout.Header owner;

    ValueWaiters(CounterLayout.Header owner) {
        this.owner = owner;
    }

    /** Releases the waiters {@code value} satisfies; called by updaters that saw waiters. */
    void release(long value) {
        List<Node> woken = null;
        lock.lock();
        try {
            for (int i = nodes.size() - 1; i >= 0; i--) {
                Node n = nodes.get(i);
                if (completes(n, value)) {
                    nodes.remove(i);
                    owner.waiterCount = nodes.size();
                    if (woken == null) {
                        woken = new ArrayList<>(2);
                    }
                    woken.add(n);
                }
            }
        } finally {
            lock.unlock();
        }
        if (woken != null) {
            for (Node n : woken) {
                LockSupport.unpark(n.thread);
            }
        }
    }

    /** Whether {@code value} completes {@code n}; records the value or the failure if so. */
    private static boolean completes(Node n, long value) {
        boolean holds;
        try {
            holds = n.condition.test(value);
        } catch (Throwable e) { // an Error too: it belongs to the waiter, never to the updater
            n.failure = e;
            n.done = true;
            return true;
        }
        if (holds) {
            n.value = value;
            n.done = true;
        }
        return holds;
    }

    /** Registers a waiter for {@code condition}. */
    Node enqueue(LongPredicate condition) {
        Node n = new Node(condition);
        lock.lock();
        try {
            nodes.add(n);
            owner.waiterCount = nodes.size();
        } finally {
            lock.unlock();
        }
        return n;
    }

    /** The waiter completes itself with {@code value} if still queued; false if already done. */
    boolean completeSelf(Node n, long value) {
        return leave(n, true, value);
    }

    /** The waiter gives up; returns false if an updater completed it first (it must use that). */
    boolean cancel(Node n) {
        return leave(n, false, 0L);
    }

    /** Unlinks a node still pending, completing it with {@code value} if asked; false if done. */
    private boolean leave(Node n, boolean complete, long value) {
        lock.lock();
        try {
            if (n.done) {
                return false;
            }
            nodes.remove(n);
            owner.waiterCount = nodes.size();
            if (complete) {
                n.value = value;
                n.done = true;
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

}
