package io.github.signalbox.ordering;

import io.github.signalbox.Guard;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.ReadersWritersPolicy;
import java.util.OptionalInt;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * A {@link ReadersWritersLock} whose two sides are {@link OrderedLock}s of one
 * {@link LockOrdering}: one lock in the ordering's graph, with the sides told apart (see
 * {@link LockOrdering} for which read-lock cycles are reported). Obtain one from
 * {@link LockOrdering#newReadWriteLock(String, ReadersWritersPolicy)} and its overloads.
 *
 * <h2>Sample usage</h2>
 * <pre>{@code
 * OrderedReadWriteLock catalog = ordering.newReadWriteLock("catalog", ReadersWritersPolicy.FAIR);
 * try (Guard g = catalog.read()) {
 *     return items.get(sku);
 * }
 * }</pre>
 *
 * <h2>Memory consistency effects</h2>
 * Those of {@link ReadersWritersLock}: releasing the write lock happens-before every later
 * acquisition of either side; releasing the read lock happens-before every later acquisition of
 * the write lock.
 */
public final class OrderedReadWriteLock implements ReadWriteLock {

    private final ReadersWritersLock lock;
    private final OrderedLock readLock;
    private final OrderedLock writeLock;

    OrderedReadWriteLock(ReadersWritersLock lock, OrderedLock readLock, OrderedLock writeLock) {
        this.lock = lock;
        this.readLock = readLock;
        this.writeLock = writeLock;
    }

    @Override
    public OrderedLock readLock() {
        return readLock;
    }

    @Override
    public OrderedLock writeLock() {
        return writeLock;
    }

    /**
     * {@code readLock().hold()}.
     *
     * @return the guard that releases the read lock
     */
    public Guard read() {
        return readLock.hold();
    }

    /**
     * {@code writeLock().hold()}.
     *
     * @return the guard that releases the write lock
     */
    public Guard write() {
        return writeLock.hold();
    }

    /**
     * The name given at creation.
     *
     * @return the name
     */
    public String name() {
        return readLock.node.name;
    }

    /**
     * The rank of both sides, or empty.
     *
     * @return the rank, or empty
     */
    public OptionalInt rank() {
        return readLock.rank();
    }

    /**
     * The readers-writers policy.
     *
     * @return the policy
     */
    public ReadersWritersPolicy policy() {
        return lock.policy();
    }

    @Override
    public String toString() {
        return "OrderedReadWriteLock[" + name() + readLock.rank().stream()
                .mapToObj(r -> ", rank " + r).findFirst().orElse("") + ", " + lock + "]";
    }
}
