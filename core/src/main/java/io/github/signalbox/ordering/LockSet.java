package io.github.signalbox.ordering;

import io.github.signalbox.Guard;
import io.github.signalbox.internal.Timeouts;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A fixed set of {@link OrderedLock}s acquired together in one canonical order, so that threads
 * taking overlapping sets can never wait for each other in a circle: the ranked locks first, by
 * increasing rank, then the unranked ones; ties (equal ranks, unranked locks) by a per-lock id
 * that never changes. The order does not depend on the order the locks were passed in, so
 * {@code LockSet.of(a, b)} and {@code LockSet.of(b, a)} take them the same way. Locks of equal
 * rank may be held together only when taken through a set.
 *
 * <p>Every acquisition returns one {@link Guard} that releases all locks in reverse order. It
 * comes in the flavours of {@link OrderedLock#hold()}: {@link #hold()} (uninterruptible, as
 * {@code Lock.lock()}), {@link #holdInterruptibly()}, {@link #tryHold()} (no wait), the timed
 * {@link #tryHold(Duration)} (empty when the time runs out) and {@link #hold(Duration)} (throws
 * {@link TimeoutException} instead). All are all-or-nothing: when one of them fails — timeout,
 * unavailable lock, interrupt, a {@link PotentialDeadlockException} from a checked ordering —
 * the locks it had taken are released before it returns or throws, so nothing stays held.
 *
 * <p>A set may mix locks of several {@link LockOrdering}s (ids are global). It must not contain a
 * lock twice, nor both sides of one readers-writers lock.
 *
 * <h2>Sample usage</h2>
 * <pre>{@code
 * void transfer(Account from, Account to, long cents) {
 *     try (Guard g = LockSet.of(from.lock, to.lock).hold()) {   // any argument order
 *         from.balance -= cents;
 *         to.balance += cents;
 *     }
 * }
 * }</pre>
 *
 * <h2>Memory consistency effects</h2>
 * Acquiring a set acquires each lock, and closing its guard releases each lock, with the
 * guarantees of the individual locks.
 */
public final class LockSet {

    /** The canonical order: ranked by rank, then unranked; ties by id. */
    static final Comparator<OrderedLock> CANONICAL = LockSet::compareCanonically;

    private static final LockOrdering[] NONE = new LockOrdering[0];

    private final OrderedLock[] order;
    private final LockOrdering[] checked;

    /** A set taken in exactly the given order (the mutants pass an unsorted one). */
    LockSet(OrderedLock[] inAcquisitionOrder) {
        this.order = inAcquisitionOrder;
        this.checked = checkingOrderings(inAcquisitionOrder);
    }

    /**
     * The distinct checking orderings of {@code locks} (a loop, not a stream: building a set on
     * every call is a documented idiom and should cost little more than sorting two locks).
     */
    private static LockOrdering[] checkingOrderings(OrderedLock[] locks) {
        LockOrdering[] found = null;
        int n = 0;
        next:
        for (OrderedLock l : locks) {
            LockOrdering o = l.ordering();
            if (!o.isChecking()) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                if (found[i] == o) {
                    continue next;
                }
            }
            if (found == null) {
                found = new LockOrdering[locks.length];
            }
            found[n++] = o;
        }
        return n == 0 ? NONE : n == found.length ? found : Arrays.copyOf(found, n);
    }

    private static int compareCanonically(OrderedLock a, OrderedLock b) {
        if (a.ranked != b.ranked) {
            return a.ranked ? -1 : 1;
        }
        if (a.ranked && a.rank != b.rank) {
            return Integer.compare(a.rank, b.rank);
        }
        return Long.compare(a.node.id, b.node.id);
    }

    /**
     * The set of the given locks.
     *
     * @param locks the locks, in any order
     * @return the set
     * @throws NullPointerException if a lock is null
     * @throws IllegalArgumentException if a lock appears twice, or both sides of a readers-writers
     *     lock appear
     */
    public static LockSet of(OrderedLock... locks) {
        return sorted(locks.clone());
    }

    /**
     * The set of the given locks; see {@link #of(OrderedLock...)}.
     *
     * @param locks the locks, in any order
     * @return the set
     */
    public static LockSet of(Collection<? extends OrderedLock> locks) {
        return sorted(locks.toArray(new OrderedLock[0]));
    }

    private static LockSet sorted(OrderedLock[] sorted) {
        for (OrderedLock l : sorted) {
            Objects.requireNonNull(l, "a lock of the set is null");
        }
        Arrays.sort(sorted, CANONICAL);
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i].node == sorted[i - 1].node) {
                throw new IllegalArgumentException(sorted[i] == sorted[i - 1]
                        ? "'" + sorted[i].name() + "' appears twice in the set"
                        : "both sides of '" + sorted[i].node.name + "' are in the set; take the"
                                + " write side only");
            }
        }
        return new LockSet(sorted);
    }

    /**
     * Acquires every lock, waiting uninterruptibly; returns the guard releasing them all.
     *
     * @return the guard that releases every lock of the set
     */
    public Guard hold() {
        try {
            acquireAll(Wait.UNINTERRUPTIBLY, 0L);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
        return new SetGuard();
    }

    /**
     * Acquires every lock unless interrupted. If the current thread has its interrupted status
     * set on entry or is interrupted while waiting, InterruptedException is thrown, the status is
     * cleared and no lock of the set stays held.
     *
     * @return the guard that releases every lock of the set
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Guard holdInterruptibly() throws InterruptedException {
        acquireAll(Wait.INTERRUPTIBLY, 0L);
        return new SetGuard();
    }

    /**
     * Acquires every lock if each is free at once; otherwise holds none and returns empty.
     *
     * @return the guard, or empty if a lock was not free
     */
    public Optional<Guard> tryHold() {
        try {
            return acquireAll(Wait.NOT_AT_ALL, 0L) ? Optional.of(new SetGuard()) : Optional.empty();
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Acquires every lock within the timeout (for the whole set). On timeout, or if the current
     * thread has its interrupted status set on entry or is interrupted while waiting (then
     * InterruptedException is thrown and the status is cleared), no lock of the set stays held.
     *
     * @param timeout how long to wait at most
     * @return the guard that releases every lock of the set
     * @throws TimeoutException if the set was not acquired in time
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Guard hold(Duration timeout) throws InterruptedException, TimeoutException {
        return hold(Timeouts.toNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * {@link #hold(Duration)} with the timeout as a count and unit.
     *
     * @param time how long to wait at most, in {@code unit}s
     * @param unit the unit of {@code time}
     * @return the guard that releases every lock of the set
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     * @throws TimeoutException if the time ran out first
     */
    public Guard hold(long time, TimeUnit unit) throws InterruptedException, TimeoutException {
        Optional<Guard> guard = tryHold(time, unit);
        if (guard.isEmpty()) {
            throw new TimeoutException("timed out after " + time + " " + unit + " acquiring "
                    + this);
        }
        return guard.get();
    }

    /**
     * Acquires every lock within the timeout (for the whole set), or holds none and returns empty:
     * the form of {@link #hold(Duration)} without an exception for a timeout.
     *
     * @param timeout how long to wait at most
     * @return the guard that releases every lock of the set, or empty if the time ran out
     * @throws InterruptedException if interrupted while waiting; the status is then cleared and
     *         no lock of the set stays held
     */
    public Optional<Guard> tryHold(Duration timeout) throws InterruptedException {
        return tryHold(Timeouts.toNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * {@link #tryHold(Duration)} with the timeout as a count and unit.
     *
     * @param time how long to wait at most, in {@code unit}s
     * @param unit the unit of {@code time}
     * @return the guard that releases every lock of the set, or empty if the time ran out
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Optional<Guard> tryHold(long time, TimeUnit unit) throws InterruptedException {
        long deadline = Timeouts.deadlineAfter(Timeouts.toNanos(time, unit));
        return acquireAll(Wait.UNTIL_DEADLINE, deadline) ? Optional.of(new SetGuard())
                : Optional.empty();
    }

    /**
     * The locks in the order they are acquired.
     *
     * @return the locks, in acquisition order
     */
    public List<OrderedLock> locks() {
        return List.of(order);
    }

    /**
     * The number of locks.
     *
     * @return the number of locks
     */
    public int size() {
        return order.length;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("LockSet[");
        for (int i = 0; i < order.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(order[i].name());
        }
        return sb.append(']').toString();
    }

    private enum Wait { UNINTERRUPTIBLY, INTERRUPTIBLY, NOT_AT_ALL, UNTIL_DEADLINE }

    /** Takes the locks in order; on any failure releases what it took. Returns success. */
    private boolean acquireAll(Wait wait, long deadline) throws InterruptedException {
        int[] savedGroups = startGroups();
        int taken = 0;
        try {
            while (taken < order.length && take(order[taken], wait, deadline)) {
                taken++;
            }
        } finally {
            endGroups(savedGroups);
            if (taken < order.length) {
                releaseFirst(taken);
            }
        }
        return taken == order.length;
    }

    private static boolean take(OrderedLock lock, Wait wait, long deadline)
            throws InterruptedException {
        switch (wait) {
            case UNINTERRUPTIBLY:
                lock.lock();
                return true;
            case INTERRUPTIBLY:
                lock.lockInterruptibly();
                return true;
            case NOT_AT_ALL:
                return lock.tryLock();
            default:
                return lock.tryLock(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        }
    }

    private int[] startGroups() {
        int[] saved = new int[checked.length];
        for (int i = 0; i < checked.length; i++) {
            saved[i] = checked[i].held().startGroup();
        }
        return saved;
    }

    private void endGroups(int[] saved) {
        for (int i = 0; i < checked.length; i++) {
            checked[i].held().endGroup(saved[i]);
        }
    }

    /** Releases order[count-1] .. order[0]. */
    private void releaseFirst(int count) {
        for (int i = count - 1; i >= 0; i--) {
            order[i].unlock();
        }
    }

    /**
     * Releases the whole set in reverse order, the first time its owner closes it. Only the
     * thread that acquired the set may close it: the locks are held by that thread, and a close
     * from another thread (which might happen to hold a read side of one of them itself) throws
     * {@link IllegalMonitorStateException} and changes nothing, so the owner can still close it.
     */
    private final class SetGuard implements Guard {
        private final Thread owner = Thread.currentThread();
        private boolean closed;

        @Override
        public void close() {
            if (Thread.currentThread() != owner) {
                throw new IllegalMonitorStateException("thread \"" + Thread.currentThread().getName()
                        + "\" cannot release " + LockSet.this + ": it was acquired by thread \""
                        + owner.getName() + "\"; nothing was released");
            }
            if (closed) {
                return;
            }
            closed = true;
            if (order.length > 0) {
                order[order.length - 1].unlock();
            }
            RuntimeException failure = null;
            for (int i = order.length - 2; i >= 0; i--) {
                try {
                    order[i].unlock();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }
    }
}
