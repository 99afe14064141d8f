package io.github.signalbox.counters;

import io.github.signalbox.internal.Completions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongPredicate;

/**
 * The threads and asynchronous requests waiting for a counter's value to satisfy a condition.
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
 * completed with what it threw and handed back to its waiter, which rethrows it (an asynchronous
 * request's future completes exceptionally with it): the updater and the other waiters never
 * see it. Waiters form a doubly linked list in arrival order, so leaving costs O(1) however many
 * wait; futures are completed after the lock is released ({@link Completions}).
 */
final class ValueWaiters {

    /** A waiting thread or asynchronous request; fields but {@code done} are lock-guarded. */
    static final class Node implements Runnable {
        /** The waiting thread; null for an asynchronous request. */
        final Thread thread;
        /** The request's future; null for a waiting thread. */
        final CompletableFuture<Long> future;
        private final Executor executor;
        final LongPredicate condition;
        long value;
        /** What the condition threw when an updater tested it; rethrown by the waiter. */
        Throwable failure;
        volatile boolean done;
        Node prev;
        Node next;

        Node(Thread thread, CompletableFuture<Long> future, Executor executor,
                LongPredicate condition) {
            this.thread = thread;
            this.future = future;
            this.executor = executor;
            this.condition = condition;
        }

        /** Completes an asynchronous request with its outcome; no lock held. */
        @Override
        public void run() {
            if (executor == null) {
                complete();
                return;
            }
            try {
                executor.execute(this::complete);
            } catch (RuntimeException rejected) {
                future.completeExceptionally(rejected);
            }
        }

        private void complete() {
            if (failure != null) {
                future.completeExceptionally(failure);
            } else {
                future.complete(value);
            }
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private Node head;
    private Node tail;
    private int size;
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
            Node n = head;
            while (n != null) {
                Node next = n.next;
                if (completes(n, value)) {
                    unlink(n);
                    if (woken == null) {
                        woken = new ArrayList<>(2);
                    }
                    woken.add(n);
                }
                n = next;
            }
        } finally {
            lock.unlock();
        }
        if (woken != null) {
            List<Node> futures = null;
            for (Node n : woken) {
                if (n.thread != null) {
                    LockSupport.unpark(n.thread);
                } else {
                    if (futures == null) {
                        futures = new ArrayList<>(woken.size());
                    }
                    futures.add(n);
                }
            }
            if (futures != null) {
                Completions.runAll(futures);
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

    /** Registers the calling thread as a waiter for {@code condition}. */
    Node enqueue(LongPredicate condition) {
        return link(new Node(Thread.currentThread(), null, null, condition));
    }

    /** Registers an asynchronous request for {@code condition}. */
    Node enqueueAsync(LongPredicate condition, Executor executor) {
        return link(new Node(null, new CompletableFuture<>(), executor, condition));
    }

    private Node link(Node n) {
        lock.lock();
        try {
            n.prev = tail;
            if (tail == null) {
                head = n;
            } else {
                tail.next = n;
            }
            tail = n;
            owner.waiterCount = ++size;
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
            unlink(n);
            if (complete) {
                n.value = value;
            }
            n.done = true; // also when cancelled: nobody may unlink it twice
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void unlink(Node n) {
        if (n.prev == null) {
            head = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            tail = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.prev = null;
        n.next = null;
        owner.waiterCount = --size;
    }
}
