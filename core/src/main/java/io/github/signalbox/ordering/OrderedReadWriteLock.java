package io.github.signalbox.ordering;

import io.github.signalbox.Guard;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.ReadersWritersPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Supplier;

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
     * {@code readLock().holdInterruptibly()}.
     *
     * @return the guard that releases the read lock
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Guard readInterruptibly() throws InterruptedException {
        return readLock.holdInterruptibly();
    }

    /**
     * {@code readLock().hold(timeout)}.
     *
     * @param timeout how long to wait at most
     * @return the guard that releases the read lock
     * @throws TimeoutException if the lock was not acquired within the timeout
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Guard read(Duration timeout) throws InterruptedException, TimeoutException {
        return readLock.hold(timeout);
    }

    /**
     * {@code readLock().hold(time, unit)}.
     *
     * @param time how long to wait at most, in {@code unit}s
     * @param unit the unit of {@code time}
     * @return the guard that releases the read lock
     * @throws TimeoutException if the lock was not acquired within the timeout
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Guard read(long time, TimeUnit unit) throws InterruptedException, TimeoutException {
        return readLock.hold(time, unit);
    }

    /**
     * {@code readLock().tryHold()}.
     *
     * @return the guard that releases the read lock, or empty if it was not free
     */
    public Optional<Guard> tryRead() {
        return readLock.tryHold();
    }

    /**
     * {@code readLock().tryHold(timeout)}.
     *
     * @param timeout how long to wait at most
     * @return the guard that releases the read lock, or empty if the time ran out
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Optional<Guard> tryRead(Duration timeout) throws InterruptedException {
        return readLock.tryHold(timeout);
    }

    /**
     * {@code readLock().tryHold(time, unit)}.
     *
     * @param time how long to wait at most, in {@code unit}s
     * @param unit the unit of {@code time}
     * @return the guard that releases the read lock, or empty if the time ran out
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Optional<Guard> tryRead(long time, TimeUnit unit) throws InterruptedException {
        return readLock.tryHold(time, unit);
    }

    /**
     * Runs {@code body} holding the read lock ({@code readLock().withHold(body)}) and
     * returns its result.
     *
     * @param <T> the body's result type
     * @param body what to run
     * @return the body's result
     */
    public <T> T withRead(Supplier<? extends T> body) {
        return readLock.withHold(body);
    }

    /**
     * Runs {@code body} holding the read lock ({@code readLock().withHold(body)}).
     *
     * @param body what to run
     */
    public void withRead(Runnable body) {
        readLock.withHold(body);
    }

    /**
     * {@code writeLock().holdInterruptibly()}.
     *
     * @return the guard that releases the write lock
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Guard writeInterruptibly() throws InterruptedException {
        return writeLock.holdInterruptibly();
    }

    /**
     * {@code writeLock().hold(timeout)}.
     *
     * @param timeout how long to wait at most
     * @return the guard that releases the write lock
     * @throws TimeoutException if the lock was not acquired within the timeout
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Guard write(Duration timeout) throws InterruptedException, TimeoutException {
        return writeLock.hold(timeout);
    }

    /**
     * {@code writeLock().hold(time, unit)}.
     *
     * @param time how long to wait at most, in {@code unit}s
     * @param unit the unit of {@code time}
     * @return the guard that releases the write lock
     * @throws TimeoutException if the lock was not acquired within the timeout
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Guard write(long time, TimeUnit unit) throws InterruptedException, TimeoutException {
        return writeLock.hold(time, unit);
    }

    /**
     * {@code writeLock().tryHold()}.
     *
     * @return the guard that releases the write lock, or empty if it was not free
     */
    public Optional<Guard> tryWrite() {
        return writeLock.tryHold();
    }

    /**
     * {@code writeLock().tryHold(timeout)}.
     *
     * @param timeout how long to wait at most
     * @return the guard that releases the write lock, or empty if the time ran out
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Optional<Guard> tryWrite(Duration timeout) throws InterruptedException {
        return writeLock.tryHold(timeout);
    }

    /**
     * {@code writeLock().tryHold(time, unit)}.
     *
     * @param time how long to wait at most, in {@code unit}s
     * @param unit the unit of {@code time}
     * @return the guard that releases the write lock, or empty if the time ran out
     * @throws InterruptedException if interrupted while waiting; the status is then cleared
     */
    public Optional<Guard> tryWrite(long time, TimeUnit unit) throws InterruptedException {
        return writeLock.tryHold(time, unit);
    }

    /**
     * Runs {@code body} holding the write lock ({@code writeLock().withHold(body)}) and
     * returns its result.
     *
     * @param <T> the body's result type
     * @param body what to run
     * @return the body's result
     */
    public <T> T withWrite(Supplier<? extends T> body) {
        return writeLock.withHold(body);
    }

    /**
     * Runs {@code body} holding the write lock ({@code writeLock().withHold(body)}).
     *
     * @param body what to run
     */
    public void withWrite(Runnable body) {
        writeLock.withHold(body);
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
