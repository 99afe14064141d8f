package io.github.signalbox.locks;

import io.github.signalbox.NamedBuilder;
import io.github.signalbox.ContentionStats;
import io.github.signalbox.Guard;
import io.github.signalbox.internal.LockGuard;
import io.github.signalbox.internal.Names;
import io.github.signalbox.internal.Timeouts;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.function.Supplier;

/**
 * A readers-writers lock whose {@linkplain ReadersWritersPolicy policy} (reader preference,
 * writer preference or fair service order) is chosen at construction: many threads may hold the
 * read lock at once, one thread the write lock, never both.
 *
 * <h2>Modes and acquisition</h2>
 * {@link #readLock()} and {@link #writeLock()} are full {@link Lock}s: {@code lock},
 * {@code lockInterruptibly}, {@code tryLock}, {@code tryLock(long, TimeUnit)} and {@code unlock}.
 * The same acquisitions exist as try-with-resources {@linkplain Guard guards}: {@link #read()},
 * {@link #readInterruptibly()}, {@link #read(Duration)} and their {@code write} twins. A timed
 * guard throws {@link TimeoutException} when the time runs out ({@code read(Duration.ZERO)} is the
 * no-wait form), so a guarded block only ever runs while the lock is held.
 * <ul>
 *   <li><b>Reentrancy.</b> The write lock is reentrant, and its holder may also take the read
 *       lock. A thread that already holds the read lock is admitted again at once under every
 *       policy, even while writers wait (no self-deadlock).</li>
 *   <li><b>Downgrade.</b> A writer may take the read lock and then release the write lock; no
 *       other writer can get in between.</li>
 *   <li><b>No silent upgrade.</b> A thread holding only the read lock that asks for the write
 *       lock gets a {@link LockUpgradeException} at once instead of hanging forever.</li>
 *   <li><b>Upgradable read.</b> {@link #upgradable()} is a read hold that at most one thread has
 *       at a time; its {@link UpgradableGuard#upgrade()} waits for the other readers to leave and
 *       then holds the write lock with no other writer in between (see {@link #upgradable()}
 *       for what it waits for under each policy).</li>
 *   <li><b>Asynchronous.</b> {@link #readAsync()}, {@link #writeAsync()} and
 *       {@link #upgradableAsync()} return a
 *       {@link CompletableFuture} of a guard instead of blocking; such a request queues with the
 *       waiting threads under the same policy, and its hold belongs to the guard, not to a
 *       thread.</li>
 *   <li><b>Conditions.</b> {@code writeLock().newCondition()} behaves like a
 *       {@link java.util.concurrent.locks.ReentrantLock} condition, except that a thread holding
 *       the read lock too cannot await on it ({@link IllegalMonitorStateException});
 *       {@code readLock().newCondition()} throws {@link UnsupportedOperationException}.</li>
 *   <li><b>Misuse.</b> Releasing a lock the thread does not hold throws
 *       {@link IllegalMonitorStateException}; a hold count beyond {@link Integer#MAX_VALUE} throws
 *       {@link IllegalStateException}. Both leave the lock exactly as it was.</li>
 * </ul>
 *
 * <h2>Fairness and starvation</h2>
 * <ul>
 *   <li>{@link ReadersWritersPolicy#READER_PREFERENCE}: a reader enters whenever no writer holds
 *       the lock; waiting readers are admitted before waiting writers. Writers may starve.</li>
 *   <li>{@link ReadersWritersPolicy#WRITER_PREFERENCE}: once a writer waits, newly arriving
 *       readers wait until no writer holds or waits. Readers may starve.</li>
 *   <li>{@link ReadersWritersPolicy#FAIR} (the default): one arrival-order queue; a writer waits
 *       for the readers ahead of it, consecutive readers enter together, and no thread waits
 *       behind one that arrived later. Nobody starves.</li>
 * </ul>
 * Unlike {@link java.util.concurrent.locks.ReentrantReadWriteLock}, <b>{@code tryLock()} follows
 * the policy too</b>: it succeeds only if a normal acquisition would enter at once, so it never
 * barges past waiting threads the policy ranks first (under {@code FAIR}, a {@code tryLock()}
 * fails whenever another thread is queued). Reentrant acquisitions always succeed.
 *
 * <h2>Sample usage</h2>
 * <pre>{@code
 * class PriceCache {
 *     private final ReadersWritersLock lock = new ReadersWritersLock(); // FAIR
 *     private final Map<String, Long> prices = new HashMap<>();
 *
 *     Long price(String sku) {
 *         try (Guard g = lock.read()) {
 *             return prices.get(sku);
 *         }
 *     }
 *
 *     void update(String sku, long cents) {
 *         try (Guard g = lock.write()) {
 *             prices.put(sku, cents);
 *         }
 *     }
 * }
 * }</pre>
 *
 * <h2>Memory consistency effects</h2>
 * Releasing the write lock happens-before every later acquisition of the read or the write lock;
 * releasing the read lock happens-before every later acquisition of the write lock. See the
 * <a href="../package-summary.html#memory-visibility">memory-visibility rules</a>.
 *
 * <h2>Limits</h2>
 * At most {@link Integer#MAX_VALUE} read holds per thread and write holds. The lock keeps nothing
 * per thread that has read it: hold counts live with the threads (in a record of a few reusable
 * entries per thread, gone when the thread ends), and overlapping readers register in one
 * JVM-wide table of 2,048 slots, which a writer scans at most once per revocation of the read
 * bias. A lock's footprint and a writer's work therefore do not grow with the number of threads.
 */
public final class ReadersWritersLock implements ReadWriteLock {

    private final RwEngine engine;
    private final ReadLock readLock;
    private final WriteLock writeLock;

    /** Creates a lock with the {@link ReadersWritersPolicy#FAIR FAIR} policy. */
    public ReadersWritersLock() {
        this(ReadersWritersPolicy.FAIR);
    }

    /**
     * Creates a lock with the given policy.
     *
     * @param policy who goes first when readers and writers compete
     * @throws NullPointerException if {@code policy} is null
     */
    public ReadersWritersLock(ReadersWritersPolicy policy) {
        this(Admission.of(Objects.requireNonNull(policy, "policy")));
    }

    /** For variants with other admission rules (the mutants of the stress tests). */
    ReadersWritersLock(Admission admission) {
        this(admission, null, false);
    }

    private ReadersWritersLock(Admission admission, String name, boolean trackHolders) {
        this.engine = new RwEngine(admission, this, name, trackHolders);
        this.readLock = new ReadLock(engine);
        this.writeLock = new WriteLock(engine);
    }

    /**
     * Returns a builder, for a lock with a name or with read-holder tracking:
     * <pre>{@code
     * ReadersWritersLock lock = ReadersWritersLock.builder()
     *         .policy(ReadersWritersPolicy.WRITER_PREFERENCE)
     *         .name("price-cache")
     *         .trackHolders()
     *         .build();
     * }</pre>
     *
     * @return a builder of a {@link ReadersWritersPolicy#FAIR FAIR}, unnamed, untracked lock
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link ReadersWritersLock}; every setting is optional. */
    public static final class Builder extends NamedBuilder<Builder, ReadersWritersLock> {
        private ReadersWritersPolicy policy = ReadersWritersPolicy.FAIR;
        private boolean trackHolders;

        private Builder() {
        }

        /**
         * Sets the policy (default {@link ReadersWritersPolicy#FAIR FAIR}).
         *
         * @param policy who goes first when readers and writers compete
         * @return this builder
         * @throws NullPointerException if {@code policy} is null
         */
        public Builder policy(ReadersWritersPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * Makes the lock keep a list of the threads holding its read side, so that
         * {@link io.github.signalbox.diagnostics.Deadlocks} can see deadlocks that involve
         * read holds. Each read acquisition and release then also updates a concurrent map
         * (about the cost of one more uncontended lock); without it, read holds cost nothing
         * extra and the detector sees only this lock's writer.
         *
         * @return this builder
         */
        public Builder trackHolders() {
            this.trackHolders = true;
            return this;
        }

        /**
         * Returns a new lock with these settings.
         *
         * @return a new lock with these settings
         */
        @Override
        public ReadersWritersLock build() {
            return new ReadersWritersLock(Admission.of(policy), nameOrNull(), trackHolders);
        }
    }

    /**
     * Returns a new lock with the {@link ReadersWritersPolicy#FAIR FAIR} policy.
     *
     * @return a new lock with the {@link ReadersWritersPolicy#FAIR FAIR} policy
     */
    public static ReadersWritersLock fair() {
        return new ReadersWritersLock(ReadersWritersPolicy.FAIR);
    }

    /**
     * Returns a new lock with the {@link ReadersWritersPolicy#READER_PREFERENCE} policy.
     *
     * @return a new lock with the {@link ReadersWritersPolicy#READER_PREFERENCE} policy
     */
    public static ReadersWritersLock readerPreference() {
        return new ReadersWritersLock(ReadersWritersPolicy.READER_PREFERENCE);
    }

    /**
     * Returns a new lock with the {@link ReadersWritersPolicy#WRITER_PREFERENCE} policy.
     *
     * @return a new lock with the {@link ReadersWritersPolicy#WRITER_PREFERENCE} policy
     */
    public static ReadersWritersLock writerPreference() {
        return new ReadersWritersLock(ReadersWritersPolicy.WRITER_PREFERENCE);
    }

    @Override
    public ReadLock readLock() {
        return readLock;
    }

    @Override
    public WriteLock writeLock() {
        return writeLock;
    }

    // ------------------------------------------------------------------ guards

    /**
     * Acquires the read lock, waiting uninterruptibly, and returns a guard that releases it.
     *
     * @return the guard to close
     */
    public Guard read() {
        readLock.lock();
        return new LockGuard(readLock);
    }

    /**
     * Acquires the read lock unless interrupted.
     *
     * @return the guard to close
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     */
    public Guard readInterruptibly() throws InterruptedException {
        readLock.lockInterruptibly();
        return new LockGuard(readLock);
    }

    /**
     * Acquires the read lock, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; zero or negative means do not wait
     * @return the guard to close
     * @throws TimeoutException if the lock was not acquired in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code timeout} is null
     */
    public Guard read(Duration timeout) throws InterruptedException, TimeoutException {
        return read(Timeouts.toNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Acquires the read lock, waiting at most {@code time} {@code unit}s.
     *
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return the guard to close
     * @throws TimeoutException if the lock was not acquired in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code unit} is null
     */
    public Guard read(long time, TimeUnit unit) throws InterruptedException, TimeoutException {
        if (!readLock.tryLock(time, unit)) {
            throw timeout("read", time, unit);
        }
        return new LockGuard(readLock);
    }

    /**
     * Acquires the write lock, waiting uninterruptibly, and returns a guard that releases it.
     *
     * @return the guard to close
     * @throws LockUpgradeException if the current thread holds only the read lock
     */
    public Guard write() {
        writeLock.lock();
        return new LockGuard(writeLock);
    }

    /**
     * Acquires the write lock unless interrupted.
     *
     * @return the guard to close
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws LockUpgradeException if the current thread holds only the read lock
     */
    public Guard writeInterruptibly() throws InterruptedException {
        writeLock.lockInterruptibly();
        return new LockGuard(writeLock);
    }

    /**
     * Acquires the write lock, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; zero or negative means do not wait
     * @return the guard to close
     * @throws TimeoutException if the lock was not acquired in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws LockUpgradeException if the current thread holds only the read lock
     * @throws NullPointerException if {@code timeout} is null
     */
    public Guard write(Duration timeout) throws InterruptedException, TimeoutException {
        return write(Timeouts.toNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Acquires the write lock, waiting at most {@code time} {@code unit}s.
     *
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return the guard to close
     * @throws TimeoutException if the lock was not acquired in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws LockUpgradeException if the current thread holds only the read lock
     * @throws NullPointerException if {@code unit} is null
     */
    public Guard write(long time, TimeUnit unit) throws InterruptedException, TimeoutException {
        if (!writeLock.tryLock(time, unit)) {
            throw timeout("write", time, unit);
        }
        return new LockGuard(writeLock);
    }

    /**
     * Acquires the read lock if it is available now, without waiting (as {@code tryLock()}).
     *
     * @return the guard to close, or empty if the lock was not available
     */
    public Optional<Guard> tryRead() {
        return LockGuard.tryLock(readLock);
    }

    /**
     * Acquires the read lock, waiting at most {@code timeout}: the form of
     * {@link #read(Duration)} without an exception for a timeout.
     *
     * @param timeout how long to wait; zero or negative means do not wait
     * @return the guard to close, or empty if the time ran out
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code timeout} is null
     */
    public Optional<Guard> tryRead(Duration timeout) throws InterruptedException {
        return LockGuard.tryLock(readLock, Timeouts.toNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Acquires the read lock, waiting at most {@code time} {@code unit}s.
     *
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return the guard to close, or empty if the time ran out
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code unit} is null
     */
    public Optional<Guard> tryRead(long time, TimeUnit unit) throws InterruptedException {
        return LockGuard.tryLock(readLock, time, unit);
    }

    /**
     * Runs {@code body} holding the read lock (acquired uninterruptibly, as {@link #read()})
     * and returns its result; the lock is released when the body ends, normally or not, and the
     * body's unchecked exceptions and errors propagate unchanged. For example
     * {@code lock.withRead(() -> map.get(key))}.
     *
     * @param <T> the body's result type
     * @param body what to run
     * @return the body's result
     * @throws NullPointerException if {@code body} is null (the lock is not taken)
     */
    public <T> T withRead(Supplier<? extends T> body) {
        return LockGuard.with(readLock, body);
    }

    /**
     * Runs {@code body} holding the read lock (acquired uninterruptibly); the lock is released
     * when the body ends, normally or not.
     *
     * @param body what to run
     * @throws NullPointerException if {@code body} is null (the lock is not taken)
     */
    public void withRead(Runnable body) {
        LockGuard.with(readLock, body);
    }

    /**
     * Acquires the write lock if it is available now, without waiting (as {@code tryLock()}).
     *
     * @return the guard to close, or empty if the lock was not available
     * @throws LockUpgradeException if the current thread holds only the read lock
     */
    public Optional<Guard> tryWrite() {
        return LockGuard.tryLock(writeLock);
    }

    /**
     * Acquires the write lock, waiting at most {@code timeout}: the form of
     * {@link #write(Duration)} without an exception for a timeout.
     *
     * @param timeout how long to wait; zero or negative means do not wait
     * @return the guard to close, or empty if the time ran out
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws LockUpgradeException if the current thread holds only the read lock
     * @throws NullPointerException if {@code timeout} is null
     */
    public Optional<Guard> tryWrite(Duration timeout) throws InterruptedException {
        return LockGuard.tryLock(writeLock, Timeouts.toNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Acquires the write lock, waiting at most {@code time} {@code unit}s.
     *
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return the guard to close, or empty if the time ran out
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws LockUpgradeException if the current thread holds only the read lock
     * @throws NullPointerException if {@code unit} is null
     */
    public Optional<Guard> tryWrite(long time, TimeUnit unit) throws InterruptedException {
        return LockGuard.tryLock(writeLock, time, unit);
    }

    /**
     * Runs {@code body} holding the write lock (acquired uninterruptibly, as {@link #write()})
     * and returns its result; the lock is released when the body ends, normally or not, and the
     * body's unchecked exceptions and errors propagate unchanged. For example
     * {@code lock.withWrite(() -> map.put(key, value))}.
     *
     * @param <T> the body's result type
     * @param body what to run
     * @return the body's result
     * @throws LockUpgradeException if the current thread holds only the read lock
     * @throws NullPointerException if {@code body} is null (the lock is not taken)
     */
    public <T> T withWrite(Supplier<? extends T> body) {
        return LockGuard.with(writeLock, body);
    }

    /**
     * Runs {@code body} holding the write lock (acquired uninterruptibly); the lock is released
     * when the body ends, normally or not.
     *
     * @param body what to run
     * @throws LockUpgradeException if the current thread holds only the read lock
     * @throws NullPointerException if {@code body} is null (the lock is not taken)
     */
    public void withWrite(Runnable body) {
        LockGuard.with(writeLock, body);
    }

    private TimeoutException timeout(String mode, long time, TimeUnit unit) {
        return new TimeoutException(engine.describe() + ": thread "
                + Thread.currentThread().getName() + " did not get the " + mode + " lock within "
                + time + " " + unit.toString().toLowerCase(java.util.Locale.ROOT));
    }

    // ------------------------------------------------------------------ asynchronous acquisition

    /**
     * Asks for a read hold without blocking: the returned future completes with the hold's
     * guard once the policy admits it, on the thread that makes it available (the one that
     * releases, or this one if the lock is free now). The request takes its place in the same
     * queue as waiting threads and is served under the same policy: under {@code FAIR}, blocking
     * and asynchronous requests are served in one arrival order.
     *
     * <p>The hold belongs to the returned guard, not to a thread: any thread may close it (the
     * continuation usually runs elsewhere), once; it is not reentrant and counts in no thread's
     * {@link #getReadHoldCount()}, only in {@link #getReadLockCount()}. A thread that, inside
     * the completion of an asynchronous hold of this lock, asks to wait for this lock in a way
     * that could only end after that hold is closed gets an {@link IllegalStateException}
     * instead of hanging (detected while the completion runs on the thread that delivered it).
     *
     * <p>Cancelling the future, or completing it any other way ({@code orTimeout},
     * {@code completeOnTimeout}, {@code complete}), withdraws the request; a grant racing with
     * that is released again, so a hold or a place in the queue never outlives its future.
     * Cancelling a dependent stage does not reach this future: cancel this one.
     *
     * <pre>{@code
     * lock.readAsync()
     *     .thenApply(g -> { try (g) { return prices.get(sku); } })
     *     .thenAccept(this::reply);
     * }</pre>
     *
     * @return a future completed with the guard of the read hold
     */
    public CompletableFuture<Guard> readAsync() {
        return engine.acquireAsync(false, null);
    }

    /**
     * As {@link #readAsync()}, but a request that has to wait is completed by a task submitted
     * to {@code executor} (a request granted at once completes before this method returns). If
     * the executor rejects the task, the hold is released and the future completes exceptionally
     * with the rejection.
     *
     * @param executor where to complete the future when the request had to wait
     * @return a future completed with the guard of the read hold
     */
    public CompletableFuture<Guard> readAsync(Executor executor) {
        return engine.acquireAsync(false, Objects.requireNonNull(executor, "executor"));
    }

    /**
     * Asks for the write lock without blocking: the returned future completes with the guard of
     * a write hold owned by the guard, not by a thread (see {@link #readAsync()} for completion,
     * ownership, cancellation and misuse; in addition, no thread is the lock's owner while an
     * asynchronous write hold is held: {@link #isWriteLockedByCurrentThread()} is false for every
     * thread and the guard is not reentrant).
     *
     * <pre>{@code
     * lock.writeAsync().thenAccept(g -> {
     *     try (g) {
     *         prices.put(sku, cents);
     *     }
     * });
     * }</pre>
     *
     * @return a future completed with the guard of the write hold
     */
    public CompletableFuture<Guard> writeAsync() {
        return engine.acquireAsync(true, null);
    }

    /**
     * As {@link #writeAsync()}, completing a request that had to wait on {@code executor} (see
     * {@link #readAsync(Executor)}).
     *
     * @param executor where to complete the future when the request had to wait
     * @return a future completed with the guard of the write hold
     */
    public CompletableFuture<Guard> writeAsync(Executor executor) {
        return engine.acquireAsync(true, Objects.requireNonNull(executor, "executor"));
    }

    /**
     * Asks for the upgradable read lock without blocking: the future completes with an
     * {@link AsyncUpgradableGuard}, owned by the guard rather than a thread, whose
     * {@link AsyncUpgradableGuard#upgradeAsync()} turns it into the write lock without blocking
     * and with no other writer in between. The request queues and is served as a blocking
     * {@link #upgradable()} is under each policy; see {@link #readAsync()} for completion,
     * cancellation and misuse.
     *
     * @return a future completed with the guard of the upgradable read lock
     */
    public CompletableFuture<AsyncUpgradableGuard> upgradableAsync() {
        return engine.acquireUpgradableAsync(null);
    }

    /**
     * As {@link #upgradableAsync()}, completing a request that had to wait on {@code executor}.
     *
     * @param executor where to complete the future when the request had to wait
     * @return a future completed with the guard of the upgradable read lock
     */
    public CompletableFuture<AsyncUpgradableGuard> upgradableAsync(Executor executor) {
        return engine.acquireUpgradableAsync(Objects.requireNonNull(executor, "executor"));
    }

    // ------------------------------------------------------------------ upgradable read

    /**
     * Acquires the upgradable read lock, waiting uninterruptibly: a read hold that at most one
     * thread has at a time (other readers come and go; writers and other upgradable requests
     * wait), and that {@link UpgradableGuard#upgrade()} turns into the write lock with no other
     * writer in between. Per policy: under {@code FAIR} the request takes its place in the one
     * arrival-order queue (it waits for writers and upgradable requests that arrived before it,
     * not for readers); under {@code WRITER_PREFERENCE} it waits while a writer waits, as a reader
     * does; under {@code READER_PREFERENCE} it enters whenever no writer or upgradable holder is
     * in, and is served before waiting writers. A waiting upgrade stops new readers under {@code FAIR} and {@code WRITER_PREFERENCE}
     * (so it cannot starve), not under {@code READER_PREFERENCE} (where a stream of readers can
     * delay it indefinitely, as it delays writers).
     *
     * @return the guard to close (and to upgrade)
     * @throws IllegalStateException if the thread already holds the upgradable read lock or the
     *         write lock of this lock
     * @throws LockUpgradeException if the thread holds plain read holds of this lock (its upgrade
     *         would wait for itself: take the upgradable read lock first)
     */
    public UpgradableGuard upgradable() {
        try {
            engine.acquireUpgradable(false, false, 0L);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
        return new UpgradableGuard(engine);
    }

    /**
     * Acquires the upgradable read lock unless interrupted (see {@link #upgradable()}).
     *
     * @return the guard to close (and to upgrade)
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws IllegalStateException if the thread already holds the upgradable read lock or the
     *         write lock of this lock
     * @throws LockUpgradeException if the thread holds plain read holds of this lock
     */
    public UpgradableGuard upgradableInterruptibly() throws InterruptedException {
        engine.acquireUpgradable(true, false, 0L);
        return new UpgradableGuard(engine);
    }

    /**
     * Acquires the upgradable read lock, waiting at most {@code timeout} (see
     * {@link #upgradable()}).
     *
     * @param timeout how long to wait; zero or negative means do not wait
     * @return the guard to close (and to upgrade)
     * @throws TimeoutException if the lock was not acquired in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws IllegalStateException if the thread already holds the upgradable read lock or the
     *         write lock of this lock
     * @throws LockUpgradeException if the thread holds plain read holds of this lock
     * @throws NullPointerException if {@code timeout} is null
     */
    public UpgradableGuard upgradable(Duration timeout)
            throws InterruptedException, TimeoutException {
        if (!engine.acquireUpgradable(true, true, Timeouts.toNanos(timeout))) {
            throw new TimeoutException(engine.describe() + ": thread "
                    + Thread.currentThread().getName()
                    + " could not acquire the upgradable read lock within " + timeout);
        }
        return new UpgradableGuard(engine);
    }

    /**
     * Acquires the upgradable read lock, waiting at most {@code time} {@code unit}s (see
     * {@link #upgradable()}), as {@link #read(long, TimeUnit)} does for the read lock.
     *
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return the guard to close (and to upgrade)
     * @throws TimeoutException if the lock was not acquired in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws IllegalStateException if the thread already holds the upgradable read lock or the
     *         write lock of this lock
     * @throws LockUpgradeException if the thread holds plain read holds of this lock
     * @throws NullPointerException if {@code unit} is null
     */
    public UpgradableGuard upgradable(long time, TimeUnit unit)
            throws InterruptedException, TimeoutException {
        if (!engine.acquireUpgradable(true, true, Timeouts.toNanos(time, unit))) {
            throw timeout("upgradable read", time, unit);
        }
        return new UpgradableGuard(engine);
    }

    /**
     * Acquires the upgradable read lock if the policy lets it in right now, without waiting.
     *
     * @return the guard, or empty
     * @throws IllegalStateException if the thread already holds the upgradable read lock or the
     *         write lock of this lock
     * @throws LockUpgradeException if the thread holds plain read holds of this lock
     */
    public Optional<UpgradableGuard> tryUpgradable() {
        try {
            return engine.acquireUpgradable(false, true, 0L)
                    ? Optional.of(new UpgradableGuard(engine)) : Optional.empty();
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Returns whether some thread holds the upgradable read lock.
     *
     * @return whether some thread holds the upgradable read lock
     */
    public boolean isUpgradableLocked() {
        return engine.isUpgradableLocked();
    }

    /**
     * Returns whether the current thread holds the upgradable read lock.
     *
     * @return whether the current thread holds the upgradable read lock
     */
    public boolean isUpgradableLockedByCurrentThread() {
        return engine.isUpgradableLockedByCurrentThread();
    }

    // ------------------------------------------------------------------ introspection

    /**
     * Returns the policy fixed at construction.
     *
     * @return the policy fixed at construction
     */
    public ReadersWritersPolicy policy() {
        return engine.policy();
    }

    /**
     * Returns the name given at construction.
     *
     * @return the name given by {@link Builder#name(String)}, or empty
     */
    public Optional<String> name() {
        return Optional.ofNullable(engine.name());
    }

    /**
     * Returns whether this lock keeps a list of its read holders ({@link Builder#trackHolders()}).
     *
     * @return whether this lock keeps a list of its read holders
     */
    public boolean tracksHolders() {
        return engine.readHolders != null;
    }

    /**
     * Returns how often and how long threads waited for this lock (in its queue; a short spin
     * before queueing is not counted).
     *
     * @return this lock's contention record, live
     */
    public ContentionStats contention() {
        return engine.stats();
    }

    /**
     * Returns whether some thread holds the write lock.
     *
     * @return whether some thread holds the write lock
     */
    public boolean isWriteLocked() {
        return engine.isWriteLocked();
    }

    /**
     * Returns whether the current thread holds the write lock.
     *
     * @return whether the current thread holds the write lock
     */
    public boolean isWriteLockedByCurrentThread() {
        return engine.isWriteLockedByCurrentThread();
    }

    /**
     * Returns the current thread's write holds (0 if it does not hold the write lock).
     *
     * @return the current thread's write holds (0 if it does not hold the write lock)
     */
    public int getWriteHoldCount() {
        return engine.writeHoldCount();
    }

    /**
     * Returns the read holds of all threads together (a snapshot, for monitoring).
     *
     * @return the read holds of all threads together (a snapshot, for monitoring)
     */
    public int getReadLockCount() {
        return engine.readLockCount();
    }

    /**
     * Returns the current thread's read holds.
     *
     * @return the current thread's read holds
     */
    public int getReadHoldCount() {
        return engine.readHoldCount();
    }

    /**
     * Returns the number of threads waiting for the read lock (a snapshot).
     *
     * @return the number of threads waiting for the read lock (a snapshot)
     */
    public int getQueuedReaderCount() {
        return engine.queuedReaders();
    }

    /**
     * Returns the number of threads waiting for the write lock (a snapshot), a waiting upgrade
     * of the upgradable read lock included.
     *
     * @return the number of threads waiting for the write lock (a snapshot)
     */
    public int getQueuedWriterCount() {
        return engine.queuedWriters();
    }

    /**
     * Returns the number of threads waiting for either lock (a snapshot).
     *
     * @return the number of threads waiting for either lock (a snapshot)
     */
    public int getQueueLength() {
        return engine.queuedReaders() + engine.queuedWriters() + engine.queuedUpgradables();
    }

    /**
     * Returns whether any thread waits for either lock (a snapshot).
     *
     * @return whether any thread waits for either lock (a snapshot)
     */
    public boolean hasQueuedThreads() {
        return getQueueLength() > 0;
    }

    /**
     * Estimates the number of threads waiting on a condition of this lock's write side.
     *
     * @param condition a condition of this lock's write lock
     * @return the number of threads waiting on {@code condition} (a snapshot)
     * @throws IllegalArgumentException if the condition does not belong to this lock
     */
    public int getWaitQueueLength(Condition condition) {
        Objects.requireNonNull(condition, "condition");
        if (!(condition instanceof WriteCondition) || !writeLock.owns((WriteCondition) condition)) {
            throw new IllegalArgumentException("not a condition of " + engine.describe());
        }
        return ((WriteCondition) condition).waitQueueLength();
    }

    /**
     * Shows the policy, the holders and the waiters, for example
     * {@code ReadersWritersLock@1b6d3586[FAIR, readers=2, writer=none, queued readers=0,
     * queued writers=1]}.
     */
    @Override
    public String toString() {
        return engine.toString();
    }

    // ------------------------------------------------------------------ the two locks

    /** The read side of a {@link ReadersWritersLock}. */
    public static final class ReadLock implements Lock {
        private final RwEngine engine;

        ReadLock(RwEngine engine) {
            this.engine = engine;
        }

        /** Acquires the read lock, waiting uninterruptibly (the interrupt status is kept). */
        @Override
        public void lock() {
            try {
                engine.acquireRead(false, false, 0L);
            } catch (InterruptedException impossible) {
                throw new AssertionError(impossible);
            }
            tracked(true);
        }

        /**
         * Acquires the read lock unless interrupted.
         *
         * @throws InterruptedException if the current thread has its interrupted status set on
         *         entry or is interrupted while waiting; the status is then cleared
         */
        @Override
        public void lockInterruptibly() throws InterruptedException {
            engine.acquireRead(true, false, 0L);
            tracked(true);
        }

        /**
         * Acquires the read lock if the policy lets a reader enter right now (it never barges
         * past waiting threads the policy ranks first).
         *
         * @return whether the lock was acquired
         */
        @Override
        public boolean tryLock() {
            try {
                return tracked(engine.acquireRead(false, true, 0L));
            } catch (InterruptedException impossible) {
                throw new AssertionError(impossible);
            }
        }

        /**
         * Acquires the read lock, waiting at most the given time.
         *
         * @return whether the lock was acquired
         * @throws InterruptedException if the current thread has its interrupted status set on
         *         entry or is interrupted while waiting; the status is then cleared
         */
        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            return tracked(engine.acquireRead(true, true, Timeouts.toNanos(time, unit)));
        }

        /**
         * Releases one read hold of the current thread.
         *
         * @throws IllegalMonitorStateException if the current thread does not hold the read lock
         */
        @Override
        public void unlock() {
            engine.releaseRead();
            if (engine.readHolders != null) {
                engine.readHolders.released();
            }
        }

        /** Records a read hold when the lock tracks its holders; returns {@code acquired}. */
        private boolean tracked(boolean acquired) {
            if (acquired && engine.readHolders != null) {
                engine.readHolders.acquired();
            }
            return acquired;
        }

        /** @throws UnsupportedOperationException always: readers cannot wait on conditions */
        @Override
        public Condition newCondition() {
            throw new UnsupportedOperationException(engine.describe()
                    + ": the read lock has no conditions (use the write lock's)");
        }

        @Override
        public String toString() {
            return engine.describe() + ".readLock[held by this thread "
                    + engine.readHoldCount() + " times]";
        }
    }

    /** The write side of a {@link ReadersWritersLock}. */
    public static final class WriteLock implements Lock {
        private final RwEngine engine;

        WriteLock(RwEngine engine) {
            this.engine = engine;
        }

        /**
         * Acquires the write lock, waiting uninterruptibly (the interrupt status is kept).
         *
         * @throws LockUpgradeException if the current thread holds only the read lock
         */
        @Override
        public void lock() {
            try {
                engine.acquireWrite(false, false, 0L);
            } catch (InterruptedException impossible) {
                throw new AssertionError(impossible);
            }
        }

        /**
         * Acquires the write lock unless interrupted.
         *
         * @throws InterruptedException if the current thread has its interrupted status set on
         *         entry or is interrupted while waiting; the status is then cleared
         * @throws LockUpgradeException if the current thread holds only the read lock
         */
        @Override
        public void lockInterruptibly() throws InterruptedException {
            engine.acquireWrite(true, false, 0L);
        }

        /**
         * Acquires the write lock if the policy lets a writer enter right now.
         *
         * @return whether the lock was acquired
         * @throws LockUpgradeException if the current thread holds only the read lock
         */
        @Override
        public boolean tryLock() {
            try {
                return engine.acquireWrite(false, true, 0L);
            } catch (InterruptedException impossible) {
                throw new AssertionError(impossible);
            }
        }

        /**
         * Acquires the write lock, waiting at most the given time.
         *
         * @return whether the lock was acquired
         * @throws InterruptedException if the current thread has its interrupted status set on
         *         entry or is interrupted while waiting; the status is then cleared
         * @throws LockUpgradeException if the current thread holds only the read lock
         */
        @Override
        public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
            return engine.acquireWrite(true, true, Timeouts.toNanos(time, unit));
        }

        /**
         * Releases one write hold of the current thread.
         *
         * @throws IllegalMonitorStateException if the current thread does not hold the write lock
         */
        @Override
        public void unlock() {
            engine.releaseWrite();
        }

        /**
         * A new condition of the write lock, with the semantics of
         * {@link java.util.concurrent.locks.ReentrantLock}'s conditions: {@code await} releases
         * every write hold, waits for a signal and re-takes the write lock with the same hold
         * count before returning, even when it throws. Signalled waiters wake in the order they
         * started waiting. The timed forms never overflow ({@code awaitNanos(Long.MIN_VALUE)}
         * and dates far in the past do not wait), and {@code awaitNanos} returns the time left
         * after the lock was re-taken, so it may be at most zero although a signal came in time.
         *
         * <p>Unlike {@code ReentrantLock}, a thread that holds the read lock as well as the write
         * lock (it took the read lock while writing) cannot await: re-taking the write lock would
         * then wait for its own read hold forever, so every {@code await} form throws
         * {@link IllegalMonitorStateException} at once and nothing changes. Release the read holds
         * first. {@code await} and {@code signal} by a thread that does not hold the write lock
         * throw {@link IllegalMonitorStateException} too.
         *
         * @return a new condition bound to this write lock
         */
        @Override
        public Condition newCondition() {
            return new WriteCondition(engine);
        }

        boolean owns(WriteCondition condition) {
            return condition.belongsTo(engine);
        }

        @Override
        public String toString() {
            Thread w = engine.writer();
            return engine.describe() + ".writeLock[" + (w == null ? "unlocked"
                    : "held by " + w.getName()) + "]";
        }
    }

    /** Test seam: the read bias on from the start; see {@link RwEngine#startReadBiasedForTest}. */
    ReadersWritersLock startReadBiasedForTest() {
        engine.startReadBiasedForTest();
        return this;
    }

    /** Test seam for hold-count overflow; see {@link RwEngine#setHoldCountsForTest}. */
    void setHoldCountsForTest(int readHolds, int writeHolds) {
        engine.setHoldCountsForTest(readHolds, writeHolds);
    }
}
