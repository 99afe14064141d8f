package io.github.signalbox.ordering;

import io.github.signalbox.Guard;
import io.github.signalbox.internal.LockGuard;
import io.github.signalbox.internal.Timeouts;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A lock whose acquisitions are checked against its {@link LockOrdering}: an exclusive reentrant
 * lock, or one side of an {@link OrderedReadWriteLock}. Obtain one from
 * {@link LockOrdering#newLock(String)} and its overloads.
 *
 * <p>It is a full {@link Lock} ({@code lock}, {@code lockInterruptibly}, {@code tryLock},
 * {@code tryLock(long, TimeUnit)}, {@code unlock}, {@code newCondition}) and offers the same
 * acquisitions as try-with-resources {@linkplain Guard guards}: {@link #hold()},
 * {@link #holdInterruptibly()}, {@link #hold(Duration)} (throws {@link TimeoutException} when
 * the time runs out; {@code Duration.ZERO} is the no-wait form). Before an acquisition that may
 * wait, the ordering's checks run (see {@link LockOrdering}); a violation goes to the ordering's
 * policy, which may throw {@link PotentialDeadlockException} before the thread blocks. To take
 * several locks at once in a deadlock-free order, use a {@link LockSet}.
 *
 * <p>Fairness, reentrancy and misuse handling are those of the wrapped lock: a
 * {@link java.util.concurrent.locks.ReentrantLock} (non-fair) for exclusive locks, the chosen
 * {@link io.github.signalbox.locks.ReadersWritersPolicy} for readers-writers locks. Unlocking a
 * lock the thread does not hold throws {@link IllegalMonitorStateException} and changes nothing.
 *
 * <h2>Sample usage</h2>
 * <pre>{@code
 * OrderedLock from = ordering.newLock("account-17");
 * try (Guard g = from.hold()) {
 *     balance -= amount;
 * }
 * }</pre>
 *
 * <h2>Memory consistency effects</h2>
 * Those of the wrapped lock: an unlock happens-before every later successful lock of the same
 * lock (for a readers-writers lock, as documented by
 * {@link io.github.signalbox.locks.ReadersWritersLock}). See the
 * <a href="../package-summary.html#memory-visibility">memory-visibility rules</a>.
 */
public final class OrderedLock implements Lock {

    private final LockOrdering ordering;
    private final boolean checking;
    private final Lock delegate;
    private final BooleanSupplier heldByCurrentThread;
    final LockNode node;
    final AccessMode mode;
    final boolean ranked;
    final int rank;
    /**
     * The held-locks record of the thread that last acquired this lock in WRITE mode (exclusive
     * locks, write sides): a cache that saves the thread-local lookup when the same thread takes
     * the lock again and on unlock. Written only by the owner after acquiring, read racily and
     * validated by the record's final owner field.
     */
    private HeldLocks lastHolder;

    OrderedLock(LockOrdering ordering, LockNode node, AccessMode mode, boolean ranked, int rank,
            Lock delegate, BooleanSupplier heldByCurrentThread) {
        this.ordering = ordering;
        this.checking = ordering.isChecking();
        this.node = node;
        this.mode = mode;
        this.ranked = ranked;
        this.rank = rank;
        this.delegate = delegate;
        this.heldByCurrentThread = heldByCurrentThread;
    }

    /**
     * Acquires the lock, waiting uninterruptibly, after the ordering's checks.
     *
     * @throws PotentialDeadlockException if the policy throws it; nothing new is then held
     */
    @Override
    public void lock() {
        if (!checking) {
            delegate.lock();
            return;
        }
        HeldLocks held = heldLocks();
        if (held.size() != 0) {
            ordering.checkBeforeWaiting(this, held);
        }
        delegate.lock();
        acquired(held);
    }

    /**
     * Acquires the lock unless interrupted, after the ordering's checks. If the current thread
     * has its interrupted status set on entry or is interrupted while waiting,
     * InterruptedException is thrown and the status is cleared.
     *
     * @throws PotentialDeadlockException if the policy throws it; nothing new is then held
     */
    @Override
    public void lockInterruptibly() throws InterruptedException {
        if (!checking) {
            delegate.lockInterruptibly();
            return;
        }
        HeldLocks held = heldLocks();
        if (held.size() != 0) {
            ordering.checkBeforeWaiting(this, held);
        }
        delegate.lockInterruptibly();
        acquired(held);
    }

    /**
     * Acquires the lock only if the wrapped lock grants it at once. Not checked: a request that
     * cannot wait cannot take part in a circular wait.
     */
    @Override
    public boolean tryLock() {
        if (!delegate.tryLock()) {
            return false;
        }
        if (checking) {
            acquired(heldLocks());
        }
        return true;
    }

    /**
     * Acquires the lock if it becomes free within the timeout, after the ordering's checks. If
     * the current thread has its interrupted status set on entry or is interrupted while
     * waiting, InterruptedException is thrown and the status is cleared.
     *
     * @return whether the lock was acquired
     * @throws PotentialDeadlockException if the policy throws it; nothing new is then held
     */
    @Override
    public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
        if (!checking) {
            return delegate.tryLock(time, unit);
        }
        HeldLocks held = heldLocks();
        if (held.size() != 0) {
            ordering.checkBeforeWaiting(this, held);
        }
        if (!delegate.tryLock(time, unit)) {
            return false;
        }
        acquired(held);
        return true;
    }

    /**
     * Releases the lock.
     *
     * @throws IllegalMonitorStateException if the current thread does not hold it
     */
    @Override
    public void unlock() {
        if (!checking) {
            delegate.unlock();
            return;
        }
        HeldLocks held = mode == AccessMode.WRITE ? lastHolder : null; // read while we own it
        delegate.unlock();
        if (held == null || held.owner != Thread.currentThread()) {
            held = ordering.held(); // a read side, or a condition wait let others in meanwhile
        }
        held.remove(this);
    }

    /** The current thread's held-locks record: the cached one if it is ours. */
    private HeldLocks heldLocks() {
        HeldLocks cached = lastHolder;
        return cached != null && cached.owner == Thread.currentThread() ? cached : ordering.held();
    }

    /** Records a successful acquisition. */
    private void acquired(HeldLocks held) {
        held.push(this);
        if (mode == AccessMode.WRITE && lastHolder != held) {
            lastHolder = held;
        }
    }

    /** A condition of the wrapped lock; see {@link LockOrdering} for how waits are seen. */
    @Override
    public Condition newCondition() {
        return delegate.newCondition();
    }

    /**
     * {@link #lock()} as a guard.
     *
     * @return the guard that releases the lock
     */
    public Guard hold() {
        lock();
        return new LockGuard(this);
    }

    /**
     * {@link #lockInterruptibly()} as a guard.
     *
     * @return the guard that releases the lock
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Guard holdInterruptibly() throws InterruptedException {
        lockInterruptibly();
        return new LockGuard(this);
    }

    /**
     * {@link #tryLock(long, TimeUnit)} as a guard.
     *
     * @param timeout how long to wait at most
     * @return the guard that releases the lock
     * @throws TimeoutException if the lock was not acquired within the timeout
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Guard hold(Duration timeout) throws InterruptedException, TimeoutException {
        return hold(Timeouts.toNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * {@link #tryLock(long, TimeUnit)} as a guard.
     *
     * @param time how long to wait at most, in {@code unit}s
     * @param unit the unit of {@code time}
     * @return the guard that releases the lock
     * @throws TimeoutException if the lock was not acquired within the timeout
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Guard hold(long time, TimeUnit unit) throws InterruptedException, TimeoutException {
        if (!tryLock(time, unit)) {
            throw new TimeoutException("timed out after " + time + " " + unit + " waiting for "
                    + name());
        }
        return new LockGuard(this);
    }

    /**
     * {@link #tryLock()} as a guard.
     *
     * @return the guard that releases the lock, or empty if the lock was not free
     */
    public Optional<Guard> tryHold() {
        return LockGuard.tryLock(this);
    }

    /**
     * {@link #tryLock(long, TimeUnit)} as a guard: the form of {@link #hold(Duration)} without an
     * exception for a timeout.
     *
     * @param timeout how long to wait at most
     * @return the guard that releases the lock, or empty if the time ran out
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Optional<Guard> tryHold(Duration timeout) throws InterruptedException {
        return LockGuard.tryLock(this, Timeouts.toNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * {@link #tryLock(long, TimeUnit)} as a guard.
     *
     * @param time how long to wait at most, in {@code unit}s
     * @param unit the unit of {@code time}
     * @return the guard that releases the lock, or empty if the time ran out
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Optional<Guard> tryHold(long time, TimeUnit unit) throws InterruptedException {
        return LockGuard.tryLock(this, time, unit);
    }

    /**
     * Runs {@code body} holding this lock (taken with {@link #lock()}) and returns its result;
     * the lock is released when the body ends, normally or not.
     *
     * @param <T> the body's result type
     * @param body what to run
     * @return the body's result
     * @throws NullPointerException if {@code body} is null (the lock is not taken)
     */
    public <T> T withHold(Supplier<? extends T> body) {
        return LockGuard.with(this, body);
    }

    /**
     * Runs {@code body} holding this lock (taken with {@link #lock()}).
     *
     * @param body what to run
     * @throws NullPointerException if {@code body} is null (the lock is not taken)
     */
    public void withHold(Runnable body) {
        LockGuard.with(this, body);
    }

    /**
     * The lock's name; sides of a readers-writers lock say which side they are.
     *
     * @return the name
     */
    public String name() {
        return node.label(mode);
    }

    /**
     * The rank, or empty for an unranked lock.
     *
     * @return the rank, or empty
     */
    public OptionalInt rank() {
        return ranked ? OptionalInt.of(rank) : OptionalInt.empty();
    }

    /**
     * The ordering this lock belongs to.
     *
     * @return the ordering
     */
    public LockOrdering ordering() {
        return ordering;
    }

    /**
     * Whether the current thread holds this lock (this side, for a readers-writers lock).
     *
     * @return whether the current thread holds it
     */
    public boolean isHeldByCurrentThread() {
        return heldByCurrentThread.getAsBoolean();
    }

    @Override
    public String toString() {
        return "OrderedLock[" + name() + (ranked ? ", rank " + rank : "") + ", "
                + delegate + "]";
    }
}
