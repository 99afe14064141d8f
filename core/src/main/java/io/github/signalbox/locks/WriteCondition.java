package io.github.signalbox.locks;

import io.github.signalbox.internal.Timeouts;
import io.github.signalbox.internal.Completions;
import java.util.ArrayDeque;
import java.util.Date;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A {@link Condition} of the write lock of a {@link ReadersWritersLock}, with the semantics of
 * {@link java.util.concurrent.locks.ReentrantLock}'s conditions: {@code await} releases every
 * write hold, waits for a signal, and re-acquires the write lock with the same hold count
 * before returning (also when it throws). Signalled waiters are woken in the order they started waiting.
 *
 * <p>A thread that also holds the read lock cannot await: re-acquiring the write lock would then
 * wait for itself, so {@code await} refuses with {@link IllegalMonitorStateException}.
 *
 * <p>The waiter list is guarded by the engine's mutex; a waiter's {@code signalled} flag is set
 * under it, so a waiter that gives up (timeout, interrupt) and a signaller never both claim it.
 */
final class WriteCondition implements Condition {

    private static final class Node {
        final Thread thread = Thread.currentThread();
        volatile boolean signalled;
    }

    private final RwEngine engine;
    private final ArrayDeque<Node> waiters = new ArrayDeque<>();

    WriteCondition(RwEngine engine) {
        this.engine = engine;
    }

    @Override
    public void await() throws InterruptedException {
        awaitSignal(true, false, 0L);
    }

    @Override
    public void awaitUninterruptibly() {
        try {
            awaitSignal(false, false, 0L);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Waits for a signal at most {@code nanosTimeout} nanoseconds (zero, negative and
     * {@code Long.MIN_VALUE} do not wait, but still release and re-take the lock).
     *
     * @return the time left when it returned, measured after the write lock was re-taken: at most
     *         zero when the time ran out, before or after the signal, as {@link Condition} says
     */
    @Override
    public long awaitNanos(long nanosTimeout) throws InterruptedException {
        long deadline = Timeouts.deadlineAfter(nanosTimeout);
        awaitSignal(true, true, deadline);
        return deadline - System.nanoTime();
    }

    /**
     * Returns false if the time ran out before a signal (not: before the lock was re-taken).
     *
     * @return false if the time ran out before a signal (not: before the lock was re-taken)
     */
    @Override
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return awaitSignal(true, true, Timeouts.deadlineAfter(Timeouts.toNanos(time, unit)));
    }

    /**
     * Returns false if the deadline passed before a signal; dates far in the past do not wait.
     *
     * @return false if the deadline passed before a signal; dates far in the past do not wait
     */
    @Override
    public boolean awaitUntil(Date deadline) throws InterruptedException {
        Objects.requireNonNull(deadline, "deadline");
        return awaitSignal(true, true,
                Timeouts.deadlineAfter(Timeouts.nanosUntil(deadline.getTime())));
    }

    /**
     * Waits for a signal, until the {@code System.nanoTime()} {@code deadline} if timed, then
     * re-takes the write lock; returns false only if the time ran out before a signal.
     */
    private boolean awaitSignal(boolean interruptible, boolean timed, long deadline)
            throws InterruptedException {
        engine.checkWriteOwner("await a condition");
        if (engine.readHoldCount() > 0) {
            throw new IllegalMonitorStateException(engine.describe() + ": thread "
                    + Thread.currentThread().getName() + " holds the read lock too; awaiting a"
                    + " condition would re-acquire the write lock while reading and never return");
        }
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        Node node = new Node();
        ReentrantLock mutex = engine.mutex();
        mutex.lock();
        try {
            waiters.addLast(node);
        } finally {
            mutex.unlock();
        }
        int savedHolds = engine.releaseWriteFully();
        Completions.runPendingBeforeBlocking(); // the release may have granted one
        boolean interruptedBeforeSignal = false;
        boolean interruptedAfterSignal = false;
        boolean timedOut = false;
        while (!node.signalled) {
            if (timed) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0L) {
                    timedOut = withdraw(node);
                    break;
                }
                LockSupport.parkNanos(this, remaining);
            } else {
                LockSupport.park(this);
            }
            if (Thread.interrupted()) {
                if (interruptible && withdraw(node)) {
                    interruptedBeforeSignal = true;
                    break;
                }
                interruptedAfterSignal = true;
            }
        }
        reacquire(savedHolds);
        if (interruptedBeforeSignal) {
            throw new InterruptedException();
        }
        if (interruptedAfterSignal) {
            Thread.currentThread().interrupt();
        }
        return !timedOut;
    }

    /** Removes a waiter that gives up; false if it was signalled first (it then counts as such). */
    private boolean withdraw(Node node) {
        ReentrantLock mutex = engine.mutex();
        mutex.lock();
        try {
            return !node.signalled && waiters.remove(node);
        } finally {
            mutex.unlock();
        }
    }

    private void reacquire(int holds) {
        boolean interrupted = false;
        for (;;) {
            try {
                engine.acquireWriteQueued(Thread.currentThread(), holds, false, false, 0L);
                break;
            } catch (InterruptedException impossible) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void signal() {
        signal(false);
    }

    @Override
    public void signalAll() {
        signal(true);
    }

    private void signal(boolean all) {
        engine.checkWriteOwner("signal a condition");
        ReentrantLock mutex = engine.mutex();
        mutex.lock();
        try {
            Node node;
            while ((node = waiters.pollFirst()) != null) {
                node.signalled = true;
                LockSupport.unpark(node.thread);
                if (!all) {
                    break;
                }
            }
        } finally {
            mutex.unlock();
        }
    }

    boolean belongsTo(RwEngine e) {
        return engine == e;
    }

    /** The number of threads waiting on this condition (a snapshot). */
    int waitQueueLength() {
        ReentrantLock mutex = engine.mutex();
        mutex.lock();
        try {
            return waiters.size();
        } finally {
            mutex.unlock();
        }
    }
}
