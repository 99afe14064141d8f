package io.github.signalbox.semaphores;

import io.github.signalbox.NamedBuilder;
import io.github.signalbox.ContentionStats;
import io.github.signalbox.internal.ContendedWait;
import io.github.signalbox.internal.Names;
import io.github.signalbox.internal.SpinPolicy;
import io.github.signalbox.internal.Timeouts;
import io.github.signalbox.internal.WaitOutcome;
import io.github.signalbox.internal.WaitSnapshot;
import io.github.signalbox.internal.WaitStats;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * A counting semaphore whose available permits can never exceed its bound: a release that would
 * go above it throws {@link OverReleaseException} and changes nothing. It starts with all
 * {@code bound} permits available, or with fewer ({@link #BoundedSemaphore(int, int)}; zero for a
 * semaphore used as a signal).
 *
 * <p>This catches a classic bug that {@link java.util.concurrent.Semaphore} silently absorbs: a
 * {@code finally { release(); }} that runs although the acquire failed (timed out, was
 * interrupted) inflates a plain semaphore forever. Python's {@code threading.BoundedSemaphore}
 * raises {@code ValueError} for the same reason.
 *
 * <h2>Acquiring</h2>
 * One or {@code n} permits, with the names of {@link java.util.concurrent.Semaphore}:
 * {@link #acquire()} (interruptible), {@link #acquireUninterruptibly()}, {@link #tryAcquire()}
 * (no wait) and the timed {@link #tryAcquire(Duration)} / {@link #tryAcquire(long, TimeUnit)}.
 * Each also exists as a try-with-resources {@link Permit} handle that returns the permits exactly
 * once: {@link #acquirePermit()}, {@link #acquirePermitUninterruptibly()},
 * {@link #tryAcquirePermit()}, the timed {@link #tryAcquirePermit(Duration)} (empty when the time
 * runs out) and {@link #acquirePermit(Duration)} (throws {@link TimeoutException} instead, the
 * convention of every timed guard in this library). For the common case,
 * {@link #withPermit(Supplier)} runs a body holding one permit. Permits are not owned by threads:
 * any thread may release them. {@link #acquireAsync(int)} asks without blocking: it returns a
 * {@link java.util.concurrent.CompletableFuture} of a {@link Permit}, and the request waits in the
 * same queue as blocking ones.
 *
 * <h2>Fairness</h2>
 * {@link Fairness#FIFO} (the default) serves requests in arrival order, also for multi-permit
 * requests: a request for many permits is never starved by a stream of small ones, and a small
 * request behind it waits. Unlike {@code java.util.concurrent.Semaphore}, even
 * {@link #tryAcquire()} respects that order in FIFO mode: it fails while others are queued.
 * {@link Fairness#BARGING} lets arriving threads take free permits ahead of queued ones.
 *
 * <h2>Changing the bound</h2>
 * {@link #setBound(int)} changes the bound at run time. Raising it makes the extra permits
 * available at once (waiters are admitted immediately). Lowering it never revokes permits already
 * held: the available count drops (possibly below zero, shown as zero by
 * {@link #availablePermits()}) and the new bound takes effect as permits come back. A queued
 * request for more permits than a lowered bound waits until the bound is raised again; new
 * requests for more than the bound are rejected.
 *
 * <h2>Sample usage: at most ten concurrent calls to a backend</h2>
 * <pre>{@code
 * BoundedSemaphore calls = new BoundedSemaphore(10);
 *
 * Response call(Request r) throws InterruptedException, TimeoutException {
 *     try (Permit p = calls.acquirePermit(Duration.ofSeconds(2))) {
 *         return backend.send(r);
 *     }   // the permit goes back exactly once, also if send throws
 * }
 *
 * Response callOrNull(Request r) {
 *     return calls.withPermit(() -> backend.send(r));   // waits uninterruptibly
 * }
 * }</pre>
 *
 * <h2>Sample usage: a signal that starts at zero</h2>
 * <pre>{@code
 * BoundedSemaphore ready = new BoundedSemaphore(1, 0);   // bound 1, nothing available yet
 * // consumer:  ready.acquire();      producer:  ready.release();
 * // a second release before the consumer took the first throws OverReleaseException
 * }</pre>
 *
 * <h2>Waiting</h2>
 * In FIFO mode a thread that finds no permit (and nobody queued) first spins for a few
 * microseconds, since a permit is often returned that soon, then parks: a hand-off between two
 * threads then rarely costs a park and unpark. In BARGING mode it queues and parks at once, as
 * {@code java.util.concurrent.Semaphore} does, leaving the permit to the running threads. A
 * releaser takes the permits for the request at the head of the queue and hands them over, so
 * a queued request's permits cannot be taken by anyone else. A waiter that times out or is
 * interrupted, or an asynchronous request whose future is cancelled, leaves the queue at once and
 * lets the requests behind it through if they can now be served.
 *
 * <h2>Memory consistency effects</h2>
 * Actions in a thread before it releases permits happen-before the return of an acquire in
 * another thread (or the completion of an {@code acquireAsync} future) that obtained permits
 * from that release. See the
 * <a href="../package-summary.html#memory-visibility">memory-visibility rules</a>.
 *
 * <h2>Limits</h2>
 * The bound is at most {@link Integer#MAX_VALUE}.
 */
public final class BoundedSemaphore {

    private final PermitSync sync;
    /** The name given at construction, or null. */
    private final String name;
    /** Permit-handle holders and waiters; null unless tracking was asked for. */
    private final PermitHolders holders;
    private final WaitStats stats;

    /**
     * Creates a {@link Fairness#FIFO FIFO} semaphore with all {@code bound} permits available.
     *
     * @param bound the initial and maximum number of available permits
     * @throws IllegalArgumentException if {@code bound < 1}
     */
    public BoundedSemaphore(int bound) {
        this(bound, Fairness.FIFO);
    }

    /**
     * Creates a semaphore with all {@code bound} permits available.
     *
     * @param bound the initial and maximum number of available permits
     * @param fairness the order in which waiting threads are served
     * @throws IllegalArgumentException if {@code bound < 1}
     * @throws NullPointerException if {@code fairness} is null
     */
    public BoundedSemaphore(int bound, Fairness fairness) {
        this(bound, bound, fairness);
    }

    /**
     * Creates a {@link Fairness#FIFO FIFO} semaphore with {@code initialPermits} of its
     * {@code bound} permits available (Python's {@code BoundedSemaphore} with a smaller start;
     * {@code initialPermits == 0} for a signal that a later release gives).
     *
     * @param bound the maximum number of available permits
     * @param initialPermits the permits available at first, {@code 0 <= initialPermits <= bound}
     * @throws IllegalArgumentException if {@code bound < 1} or {@code initialPermits} is outside
     *         {@code [0, bound]}
     */
    public BoundedSemaphore(int bound, int initialPermits) {
        this(bound, initialPermits, Fairness.FIFO);
    }

    /**
     * Creates a semaphore with {@code initialPermits} of its {@code bound} permits available.
     *
     * @param bound the maximum number of available permits
     * @param initialPermits the permits available at first, {@code 0 <= initialPermits <= bound}
     * @param fairness the order in which waiting threads are served
     * @throws IllegalArgumentException if {@code bound < 1} or {@code initialPermits} is outside
     *         {@code [0, bound]}
     * @throws NullPointerException if {@code fairness} is null
     */
    public BoundedSemaphore(int bound, int initialPermits, Fairness fairness) {
        this(bound, initialPermits, fairness, null, false);
    }

    private BoundedSemaphore(int bound, int initialPermits, Fairness fairness, String name,
            boolean trackHolders) {
        Objects.requireNonNull(fairness, "fairness");
        this.name = name;
        this.holders = trackHolders ? new PermitHolders() : null;
        this.stats = new WaitStats("BoundedSemaphore", name, fairness.name(), this);
        checkBound(bound);
        if (initialPermits < 0 || initialPermits > bound) {
            throw new IllegalArgumentException("BoundedSemaphore: initial permits must be between 0"
                    + " and the bound " + bound + ", was " + initialPermits);
        }
        this.sync = new PermitSync(this, bound, initialPermits, fairness == Fairness.FIFO);
    }

    /** For variants with another engine (the mutants of the stress tests). */
    BoundedSemaphore(PermitSync sync) {
        this(sync, null);
    }

    /**
     * For variants with another engine or another record of holders (the mutants of the stress
     * tests); {@code holders} null: untracked.
     */
    BoundedSemaphore(PermitSync sync, PermitHolders holders) {
        this.sync = sync;
        this.name = null;
        this.holders = holders;
        this.stats = new WaitStats("BoundedSemaphore", null, fairness().name(), this);
    }

    /**
     * Returns a builder, for a semaphore with a name, fewer initial permits, barging, or
     * permit-holder tracking:
     * <pre>{@code
     * BoundedSemaphore connections = BoundedSemaphore.builder(20)
     *         .name("db-connections")
     *         .trackHolders()
     *         .build();
     * }</pre>
     *
     * @param bound the maximum number of available permits
     * @return a builder of a {@link Fairness#FIFO FIFO}, full, unnamed, untracked semaphore
     * @throws IllegalArgumentException if {@code bound < 1}
     */
    public static Builder builder(int bound) {
        return new Builder(checkBound(bound));
    }

    /** Builds a {@link BoundedSemaphore}; every setting but the bound is optional. */
    public static final class Builder extends NamedBuilder<Builder, BoundedSemaphore> {
        private final int bound;
        private int initialPermits;
        private Fairness fairness = Fairness.FIFO;
        private boolean trackHolders;

        private Builder(int bound) {
            this.bound = bound;
            this.initialPermits = bound;
        }

        /**
         * Sets the permits available at first (default: the bound).
         *
         * @param initialPermits {@code 0 <= initialPermits <= bound}
         * @return this builder
         * @throws IllegalArgumentException if {@code initialPermits} is outside {@code [0, bound]}
         */
        public Builder initialPermits(int initialPermits) {
            if (initialPermits < 0 || initialPermits > bound) {
                throw new IllegalArgumentException("BoundedSemaphore: initial permits must be"
                        + " between 0 and the bound " + bound + ", was " + initialPermits);
            }
            this.initialPermits = initialPermits;
            return this;
        }

        /**
         * Sets the order in which waiters are served (default {@link Fairness#FIFO FIFO}).
         *
         * @param fairness the order
         * @return this builder
         * @throws NullPointerException if {@code fairness} is null
         */
        public Builder fairness(Fairness fairness) {
            this.fairness = Objects.requireNonNull(fairness, "fairness");
            return this;
        }

        /**
         * Makes the semaphore list which threads hold {@link Permit} handles and what waiting
         * threads asked for, so that {@link io.github.signalbox.diagnostics.Deadlocks} can see
         * deadlocks that involve permits. Each handle then also updates a concurrent map when it
         * is acquired and closed; plain {@code acquire}/{@code release} are not listed (they
         * have no owner) and count as permits that will come back. A handle counts as held by
         * the thread that acquired it until it is closed, whichever thread closes it: track only
         * semaphores whose handles stay with their acquirer, or a handle passed to a worker may
         * make a waiting acquirer look deadlocked.
         *
         * @return this builder
         */
        public Builder trackHolders() {
            this.trackHolders = true;
            return this;
        }

        /**
         * Returns a new semaphore with these settings.
         *
         * @return a new semaphore with these settings
         */
        @Override
        public BoundedSemaphore build() {
            return new BoundedSemaphore(bound, initialPermits, fairness, nameOrNull(), trackHolders);
        }
    }

    /**
     * Creates a {@link Fairness#FIFO FIFO} semaphore with all {@code bound} permits available.
     *
     * @param bound the initial and maximum number of available permits
     * @return a new {@link Fairness#FIFO FIFO} semaphore with {@code bound} permits
     * @throws IllegalArgumentException if {@code bound < 1}
     */
    public static BoundedSemaphore fifo(int bound) {
        return new BoundedSemaphore(bound, Fairness.FIFO);
    }

    /**
     * Creates a {@link Fairness#BARGING BARGING} semaphore with all {@code bound} permits available.
     *
     * @param bound the initial and maximum number of available permits
     * @return a new {@link Fairness#BARGING BARGING} semaphore with {@code bound} permits
     * @throws IllegalArgumentException if {@code bound < 1}
     */
    public static BoundedSemaphore barging(int bound) {
        return new BoundedSemaphore(bound, Fairness.BARGING);
    }

    // ------------------------------------------------------------------ acquire

    /**
     * Acquires one permit, waiting uninterruptibly: an interrupt does not end the wait, and the
     * interrupted status is kept.
     */
    public void acquireUninterruptibly() {
        acquireUninterruptibly(1);
    }

    /**
     * Acquires {@code permits} permits at once, waiting uninterruptibly.
     *
     * @param permits how many
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     */
    public void acquireUninterruptibly(int permits) {
        checkCount(permits);
        if (!sync.tryTake(permits)) {
            checkWithinBound(permits);
            if (!spin(permits, SpinPolicy.SPIN_NANOS)) {
                ContendedWait wait = beginWait(permits);
                try {
                    sync.acquireUninterruptibly(permits);
                } finally {
                    endWait(wait, WaitOutcome.GRANTED);
                }
            }
        }
    }

    /**
     * Acquires one permit, waiting until one is available or the thread is interrupted (as
     * {@link java.util.concurrent.Semaphore#acquire()}).
     *
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     */
    public void acquire() throws InterruptedException {
        acquire(1);
    }

    /**
     * Acquires {@code permits} permits at once unless interrupted.
     *
     * @param permits how many
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     */
    public void acquire(int permits) throws InterruptedException {
        checkCount(permits);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (!sync.tryTake(permits)) {
            checkWithinBound(permits);
            if (!spin(permits, SpinPolicy.SPIN_NANOS)) {
                ContendedWait wait = beginWait(permits);
                WaitOutcome outcome = WaitOutcome.INTERRUPTED;
                try {
                    sync.acquire(permits, true, false, 0L);
                    outcome = WaitOutcome.GRANTED;
                } finally {
                    endWait(wait, outcome);
                }
            }
        }
    }

    /**
     * Returns whether one permit was acquired, without waiting (FIFO mode: only if none queued).
     *
     * @return whether one permit was acquired, without waiting (FIFO mode: only if none queued)
     */
    public boolean tryAcquire() {
        return tryAcquire(1);
    }

    /**
     * Acquires {@code permits} permits if they are available now (FIFO mode: and nobody is
     * queued), without waiting.
     *
     * @param permits how many
     * @return whether they were acquired
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     */
    public boolean tryAcquire(int permits) {
        checkCount(permits);
        if (sync.tryTake(permits)) {
            return true;
        }
        checkWithinBound(permits);
        return false;
    }

    /**
     * Acquires one permit, waiting at most {@code timeout}.
     *
     * @param timeout how long to wait; zero or negative means do not wait
     * @return whether the permit was acquired
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean tryAcquire(Duration timeout) throws InterruptedException {
        return tryAcquire(1, timeout);
    }

    /**
     * Acquires {@code permits} permits at once, waiting at most {@code timeout}.
     *
     * @param permits how many
     * @param timeout how long to wait; zero or negative means do not wait
     * @return whether the permits were acquired (if not, none were taken)
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean tryAcquire(int permits, Duration timeout) throws InterruptedException {
        return acquireNanos(permits, Timeouts.toNanos(timeout));
    }

    /**
     * Acquires one permit, waiting at most {@code time} {@code unit}s.
     *
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return whether the permit was acquired
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code unit} is null
     */
    public boolean tryAcquire(long time, TimeUnit unit) throws InterruptedException {
        return tryAcquire(1, time, unit);
    }

    /**
     * Acquires {@code permits} permits at once, waiting at most {@code time} {@code unit}s.
     *
     * @param permits how many
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return whether the permits were acquired (if not, none were taken)
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     * @throws NullPointerException if {@code unit} is null
     */
    public boolean tryAcquire(int permits, long time, TimeUnit unit) throws InterruptedException {
        return acquireNanos(permits, Timeouts.toNanos(time, unit));
    }

    // ------------------------------------------------------------------ asynchronous acquisition

    /**
     * Asks for one permit without blocking: the returned future completes with a
     * {@link Permit} handle once the permit is granted. See {@link #acquireAsync(int)}.
     *
     * @return a future completed with a handle to one permit
     */
    public CompletableFuture<Permit> acquireAsync() {
        return acquireAsync(1);
    }

    /**
     * Asks for {@code permits} permits at once without blocking: the returned future completes
     * with one {@link Permit} handle to all of them, on the thread that makes them available (the
     * one that releases, or this one if they are available now). The request takes its place in
     * the same queue as waiting threads: a {@link Fairness#FIFO FIFO} semaphore serves blocking
     * and asynchronous requests in one arrival order (a request that does not fit holds back the
     * ones behind it), and the releaser takes the permits for the request it serves, so nobody
     * can take them in between.
     *
     * <p>The permits belong to the handle, not to a thread: any thread may close it, once. They
     * are not counted by {@link Builder#trackHolders()} (they have no holding thread).
     * Cancelling the future, or completing it any other way ({@code orTimeout},
     * {@code completeOnTimeout}, {@code complete}), withdraws the request; a grant racing with
     * that is returned to the semaphore, so no permit and no place in the queue outlives its
     * future.
     *
     * <pre>{@code
     * uploads.acquireAsync()
     *     .thenCompose(permit -> client.upload(file).whenComplete((r, e) -> permit.close()));
     * }</pre>
     *
     * @param permits how many
     * @return a future completed with a handle to {@code permits} permits
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     */
    public CompletableFuture<Permit> acquireAsync(int permits) {
        return requestAsync(permits, null);
    }

    /**
     * As {@link #acquireAsync(int)}, but a request that has to wait is completed by a task
     * submitted to {@code executor} (a request granted at once completes before this method
     * returns). If the executor rejects the task, the permits go back to the semaphore and the
     * future completes exceptionally with the rejection.
     *
     * @param permits how many
     * @param executor where to complete the future when the request had to wait
     * @return a future completed with a handle to {@code permits} permits
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     */
    public CompletableFuture<Permit> acquireAsync(int permits, Executor executor) {
        return requestAsync(permits, Objects.requireNonNull(executor, "executor"));
    }

    private CompletableFuture<Permit> requestAsync(int permits, Executor executor) {
        checkCount(permits);
        checkWithinBound(permits);
        return sync.acquireAsync(permits, executor, n -> Permit.ofAsyncRequest(this, n));
    }

    // ------------------------------------------------------------------ release

    /**
     * Returns one permit.
     *
     * @throws OverReleaseException if all permits are already available; nothing changes
     */
    public void release() {
        release(1);
    }

    /**
     * Returns {@code permits} permits at once.
     *
     * @param permits how many
     * @throws OverReleaseException if that would raise the available permits above the bound;
     *         nothing changes
     * @throws IllegalArgumentException if {@code permits < 1}
     */
    public void release(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException(identity() + ": cannot release " + permits
                    + " permits; the count must be at least 1");
        }
        sync.release(permits);
    }

    // ------------------------------------------------------------------ permit handles

    /**
     * Acquires one permit as a handle, waiting uninterruptibly.
     *
     * @return a handle to one permit
     */
    public Permit acquirePermitUninterruptibly() {
        return acquirePermitsUninterruptibly(1);
    }

    /**
     * Acquires {@code permits} permits as one handle, waiting uninterruptibly.
     *
     * @param permits how many
     * @return a handle to {@code permits} permits
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     */
    public Permit acquirePermitsUninterruptibly(int permits) {
        acquireUninterruptibly(permits);
        return new Permit(this, permits);
    }

    /**
     * Acquires one permit as a handle, waiting until one is available or the thread is
     * interrupted.
     *
     * @return a handle to one permit
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     */
    public Permit acquirePermit() throws InterruptedException {
        return acquirePermits(1);
    }

    /**
     * Acquires {@code permits} permits as one handle, waiting until they are available or the
     * thread is interrupted.
     *
     * @param permits how many
     * @return a handle to {@code permits} permits
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     */
    public Permit acquirePermits(int permits) throws InterruptedException {
        acquire(permits);
        return new Permit(this, permits);
    }

    /**
     * Takes one permit as a handle if one is available now, without waiting.
     *
     * @return a handle to one permit, or empty
     */
    public Optional<Permit> tryAcquirePermit() {
        return tryAcquirePermits(1);
    }

    /**
     * Takes {@code permits} permits as one handle if they are available now, without waiting.
     *
     * @param permits how many
     * @return a handle to {@code permits} permits, or empty
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     */
    public Optional<Permit> tryAcquirePermits(int permits) {
        return tryAcquire(permits) ? Optional.of(new Permit(this, permits)) : Optional.empty();
    }

    /**
     * Acquires one permit as a handle, waiting at most {@code timeout}; the form without an
     * exception for a timeout.
     *
     * @param timeout how long to wait; zero or negative means do not wait
     * @return a handle to one permit, or empty if none was acquired in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code timeout} is null
     */
    public Optional<Permit> tryAcquirePermit(Duration timeout) throws InterruptedException {
        return tryAcquirePermits(1, timeout);
    }

    /**
     * Acquires {@code permits} permits as one handle, waiting at most {@code timeout}.
     *
     * @param permits how many
     * @param timeout how long to wait; zero or negative means do not wait
     * @return a handle to {@code permits} permits, or empty if they were not acquired in time
     *         (none were taken)
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     * @throws NullPointerException if {@code timeout} is null
     */
    public Optional<Permit> tryAcquirePermits(int permits, Duration timeout)
            throws InterruptedException {
        return acquireNanos(permits, Timeouts.toNanos(timeout))
                ? Optional.of(new Permit(this, permits)) : Optional.empty();
    }

    /**
     * Runs {@code body} holding one permit, acquired uninterruptibly and returned when the body
     * ends, normally or not; returns what the body returns. Unchecked exceptions and errors of
     * the body propagate unchanged.
     *
     * @param <T> the body's result type
     * @param body what to run
     * @return the body's result
     * @throws NullPointerException if {@code body} is null (no permit is taken)
     */
    public <T> T withPermit(Supplier<? extends T> body) {
        Objects.requireNonNull(body, "body");
        acquireUninterruptibly(1);
        try {
            return body.get();
        } finally {
            release(1);
        }
    }

    /**
     * Runs {@code body} holding one permit, acquired uninterruptibly and returned when the body
     * ends, normally or not. Unchecked exceptions and errors of the body propagate unchanged.
     *
     * @param body what to run
     * @throws NullPointerException if {@code body} is null (no permit is taken)
     */
    public void withPermit(Runnable body) {
        Objects.requireNonNull(body, "body");
        acquireUninterruptibly(1);
        try {
            body.run();
        } finally {
            release(1);
        }
    }

    /**
     * Acquires one permit as a handle, waiting at most {@code timeout}, and throws if the time
     * runs out (see {@link #tryAcquirePermit(Duration)} for the form that does not).
     *
     * @param timeout how long to wait; zero or negative means do not wait
     * @return a handle to one permit
     * @throws TimeoutException if no permit was acquired in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code timeout} is null
     */
    public Permit acquirePermit(Duration timeout) throws InterruptedException, TimeoutException {
        return acquirePermits(1, Timeouts.toNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Acquires {@code permits} permits as one handle, waiting at most {@code timeout}, and throws if the time runs out.
     *
     * @param permits how many
     * @param timeout how long to wait; zero or negative means do not wait
     * @return a handle to {@code permits} permits
     * @throws TimeoutException if the permits were not acquired in time (none were taken)
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     * @throws NullPointerException if {@code timeout} is null
     */
    public Permit acquirePermits(int permits, Duration timeout)
            throws InterruptedException, TimeoutException {
        return acquirePermits(permits, Timeouts.toNanos(timeout), TimeUnit.NANOSECONDS);
    }

    /**
     * Acquires one permit as a handle, waiting at most {@code time} {@code unit}s, and throws if the time runs out.
     *
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return a handle to one permit
     * @throws TimeoutException if no permit was acquired in time
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code unit} is null
     */
    public Permit acquirePermit(long time, TimeUnit unit)
            throws InterruptedException, TimeoutException {
        return acquirePermits(1, time, unit);
    }

    /**
     * Acquires {@code permits} permits as one handle, waiting at most {@code time} {@code unit}s, and throws if the time runs out.
     *
     * @param permits how many
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return a handle to {@code permits} permits
     * @throws TimeoutException if the permits were not acquired in time (none were taken)
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     * @throws NullPointerException if {@code unit} is null
     */
    public Permit acquirePermits(int permits, long time, TimeUnit unit)
            throws InterruptedException, TimeoutException {
        if (!acquireNanos(permits, Timeouts.toNanos(time, unit))) {
            throw new TimeoutException(identity() + ": " + permits + " permit(s) not acquired by "
                    + Thread.currentThread().getName() + " within " + time + " "
                    + unit.toString().toLowerCase(java.util.Locale.ROOT));
        }
        return new Permit(this, permits);
    }

    // ------------------------------------------------------------------ bound and introspection

    /**
     * Changes the bound. Raising it adds the difference to the available permits and admits
     * waiters at once; lowering it removes the difference from the available permits without
     * revoking any held permit, so it takes effect as permits come back.
     *
     * @param newBound the new bound
     * @throws IllegalArgumentException if {@code newBound < 1}
     */
    public void setBound(int newBound) {
        sync.resize(checkBound(newBound));
    }

    /**
     * Returns the current bound: the most permits that can be available.
     *
     * @return the current bound: the most permits that can be available
     */
    public int bound() {
        return PermitSync.bound(sync.snapshot());
    }

    /**
     * Returns the permits available now.
     *
     * @return the permits available now; zero while a lowered bound is still below the permits in
     *         use
     */
    public int availablePermits() {
        return Math.max(0, PermitSync.available(sync.snapshot()));
    }

    /**
     * Returns the permits currently acquired and not yet released.
     *
     * @return the permits currently acquired and not yet released
     */
    public int permitsInUse() {
        long state = sync.snapshot();
        return PermitSync.bound(state) - PermitSync.available(state);
    }

    /**
     * Acquires all permits available now without waiting.
     *
     * @return how many were acquired (possibly zero)
     */
    public int drainPermits() {
        return sync.drain();
    }

    /**
     * Returns the fairness chosen at construction.
     *
     * @return the fairness chosen at construction
     */
    public Fairness fairness() {
        return sync.fifo ? Fairness.FIFO : Fairness.BARGING;
    }

    /**
     * Returns the name given at construction.
     *
     * @return the name given by {@link Builder#name(String)}, or empty
     */
    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    /**
     * Returns whether this semaphore lists its permit-handle holders
     * ({@link Builder#trackHolders()}).
     *
     * @return whether this semaphore lists its permit-handle holders
     */
    public boolean tracksHolders() {
        return holders != null;
    }

    /**
     * Returns how often and how long threads waited for permits (in the queue; a short spin
     * before queueing is not counted).
     *
     * @return this semaphore's contention record, live
     */
    public ContentionStats contention() {
        return stats;
    }

    /**
     * Returns the number of requests waiting to acquire: threads and asynchronous requests.
     *
     * @return the number of queued requests (a snapshot)
     */
    public int getQueueLength() {
        return sync.getQueueLength();
    }

    /**
     * Returns whether any request (a thread or an asynchronous one) is waiting to acquire.
     *
     * @return whether any request is queued (a snapshot)
     */
    public boolean hasQueuedThreads() {
        return sync.hasQueuedThreads();
    }

    /**
     * Shows the state, e.g.
     * {@code BoundedSemaphore@1b6d3586[FIFO, bound=10, available=3, inUse=7, queued=2]}.
     */
    @Override
    public String toString() {
        long state = sync.snapshot();
        int bound = PermitSync.bound(state);
        int available = PermitSync.available(state);
        return identity() + "[" + fairness() + ", bound=" + bound + ", available="
                + Math.max(0, available) + ", inUse=" + (bound - available) + ", queued="
                + getQueueLength() + "]";
    }

    // ------------------------------------------------------------------ internals

    /** The semaphore's kind and name, or its identity hash when unnamed. */
    String identity() {
        return Names.identity("BoundedSemaphore", name, this);
    }

    static String identityOf(Object owner) {
        return owner instanceof BoundedSemaphore ? ((BoundedSemaphore) owner).identity()
                : Names.identity("BoundedSemaphore", null, owner);
    }

    private boolean acquireNanos(int permits, long nanos) throws InterruptedException {
        checkCount(permits);
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        if (sync.tryTake(permits)) {
            return true;
        }
        checkWithinBound(permits);
        if (nanos <= 0) {
            return false;
        }
        long deadline = Timeouts.deadlineAfter(nanos);
        if (spin(permits, Math.min(nanos, SpinPolicy.SPIN_NANOS))) {
            return true;
        }
        ContendedWait wait = beginWait(permits);
        WaitOutcome outcome = WaitOutcome.INTERRUPTED;
        try {
            boolean acquired = sync.acquire(permits, true, true,
                    deadline - System.nanoTime());
            outcome = acquired ? WaitOutcome.GRANTED : WaitOutcome.TIMED_OUT;
            return acquired;
        } finally {
            endWait(wait, outcome);
        }
    }

    private ContendedWait beginWait(int permits) {
        if (holders != null) {
            holders.waiting(permits);
        }
        return stats.begin(permits == 1 ? "1 permit" : permits + " permits",
                sync.getQueueLength());
    }

    private void endWait(ContendedWait wait, WaitOutcome outcome) {
        if (holders != null) {
            holders.doneWaiting();
        }
        wait.end(outcome);
    }

    PermitHolders holders() {
        return holders;
    }

    /** For the deadlock detector (through {@link PermitSync#waitOf}). */
    WaitSnapshot waitOf(Thread waiter) {
        Integer requested = holders == null ? null : holders.requestOf(waiter);
        Object queued = requested == null ? null : sync.queuedRequestOf(waiter);
        if (queued == null) {
            return null;
        }
        return new PermitWait(queued, requested, bound(), holders.held());
    }

    /** A queued request for permits and the handle holders at the same moment. */
    private final class PermitWait implements WaitSnapshot {
        private final Object queued;
        private final int requested;
        private final int bound;
        private final Map<Thread, Integer> held;

        PermitWait(Object queued, int requested, int bound, Map<Thread, Integer> held) {
            this.queued = queued;
            this.requested = requested;
            this.bound = bound;
            this.held = held;
        }

        @Override
        public Object target() {
            return BoundedSemaphore.this;
        }

        @Override
        public Object queuedRequest() {
            return queued;
        }

        @Override
        public String request() {
            return permits(requested) + " of " + identity() + " [" + fairness() + ", bound="
                    + bound + "]";
        }

        @Override
        public Set<Thread> blockers() {
            return new HashSet<>(held.keySet());
        }

        /** Granted if the permits of every holder that is not stuck could come back. */
        @Override
        public boolean grantableUnless(Set<Thread> stuck) {
            long keptByStuck = 0;
            for (Map.Entry<Thread, Integer> e : held.entrySet()) {
                if (stuck.contains(e.getKey())) {
                    keptByStuck += e.getValue();
                }
            }
            return bound - keptByStuck >= requested;
        }

        /** Also the larger bound, should it have changed between the two looks. */
        @Override
        public WaitSnapshot commonTo(WaitSnapshot later) {
            PermitWait other = (PermitWait) later;
            return new PermitWait(queued, requested, Math.max(bound, other.bound),
                    WaitSnapshot.heldInBoth(held, other.held));
        }

        @Override
        public String holdingOf(Thread holder) {
            Integer n = held.get(holder);
            return n == null ? null : permits(n) + " of " + identity();
        }
    }

    private static String permits(int n) {
        return n == 1 ? "1 permit" : n + " permits";
    }

    /**
     * FIFO only: retries for up to {@code nanos} while nobody is queued; whether the permits were
     * taken. A barging semaphore does not spin: its waiters queue at once and leave the permit to
     * whoever runs, which is what gives barging its throughput (a spinner would keep the permit's
     * cache line moving between cores and triple the cost of a contended hand-off).
     */
    private boolean spin(int permits, long nanos) {
        if (!sync.fifo) {
            return false;
        }
        long end = System.nanoTime() + nanos;
        for (int i = 0; !sync.hasQueuedThreads() && SpinPolicy.spinUntil(end, i); i++) {
            if (sync.tryTake(permits)) {
                return true;
            }
        }
        return false;
    }

    private static int checkBound(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("BoundedSemaphore: bound must be at least 1, was "
                    + bound);
        }
        return bound;
    }

    /** The fast-path check: a count below one is always wrong. */
    private void checkCount(int permits) {
        if (permits < 1) {
            throw new IllegalArgumentException(identity() + ": cannot acquire " + permits
                    + " permits; the count must be at least 1");
        }
    }

    /**
     * The slow-path check, made only after a failed attempt (a request above the bound always
     * fails, so the fast path needs no extra read of the bound).
     */
    private void checkWithinBound(int permits) {
        int bound = bound();
        if (permits > bound) {
            throw new IllegalArgumentException(identity() + ": cannot acquire " + permits
                    + " permits, more than the bound " + bound + "; the request could never be met");
        }
    }
}
