package io.github.signalbox.barriers;

import io.github.signalbox.NamedBuilder;
import io.github.signalbox.ContentionStats;
import io.github.signalbox.internal.Names;
import io.github.signalbox.internal.Timeouts;
import io.github.signalbox.internal.WaitStats;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A reusable meeting point for a number of parties, with the semantics of Python's
 * {@code threading.Barrier}: each party calls {@code await} and waits until all parties have
 * arrived; then all are released together (the barrier <em>trips</em>) and the barrier is ready
 * for the next round.
 *
 * <h2>Arrival index and action</h2>
 * Each {@code await} returns the party's arrival index, {@code 0} for the first party to arrive
 * and {@code parties() - 1} for the last, unique within a round (use it to elect one party for
 * a housekeeping task). The optional action runs exactly once per round, in the last-arriving
 * thread, before any party is released; if it throws, the barrier breaks and every party of the
 * round, including the one that ran it, gets a {@link BrokenBarrierException} whose cause is the
 * action's exception. The action must not wait at, change or reset its own barrier ({@code
 * await}, {@code tryAwait}, {@code register}, {@code arriveAndDeregister}, {@code abort},
 * {@code reset}): such a call throws {@link IllegalStateException}, which breaks the round with
 * it as the cause, instead of waiting forever for the trip that is running it. To fail a round,
 * throw from the action.
 *
 * <h2>Waiting</h2>
 * Four flavours: {@link #awaitUninterruptibly()}, {@link #await()} (interruptible),
 * {@link #tryAwait()} (arrives only if that trips the barrier, never waits) and the timed
 * {@link #await(Duration)} / {@link #await(long, TimeUnit)}. Arriving takes one compare-and-set
 * (no lock); a waiting party spins for up to about 40 microseconds, yielding its processor now
 * and then, before it parks, so short rounds do not pay for a park and unpark, and parties that
 * outnumber the cores still let the last party run. {@link #awaitAsync()}
 * arrives without waiting: its future completes with the arrival index when the round trips.
 *
 * <h2>Broken state</h2>
 * A broken barrier fails every waiting and every later {@code await} with
 * {@link BrokenBarrierException} until {@link #reset()}. It breaks when {@link #abort()} is called,
 * when the action fails, and, under the default {@link TimeoutPolicy#BREAK} policy, when a waiting
 * party times out or is interrupted. Under {@link TimeoutPolicy#WITHDRAW} such a party withdraws
 * its own arrival and the others keep waiting; no JDK or Python barrier offers that choice.
 * {@link #reset()} returns the barrier to its empty state, breaking only the round in progress.
 *
 * <h2>Default timeout</h2>
 * As in Python, a default timeout can be given at construction: the untimed {@code await} flavours
 * then wait at most that long, and if it elapses the barrier breaks and they throw
 * {@link BrokenBarrierException} with a {@link TimeoutException} as cause. (A default timeout
 * therefore requires the {@code BREAK} policy: a withdrawing party must see its own timeout, so
 * pass it to {@link #await(Duration)}.)
 *
 * <h2>Dynamic parties</h2>
 * {@link #register()} adds a party (the round in progress now waits for one more);
 * {@link #arriveAndDeregister()} removes the calling party for good, tripping the barrier if
 * everyone else had already arrived. A barrier has at most 65,535 parties (as a
 * {@link java.util.concurrent.Phaser}): its whole state is one word, which is what makes a round
 * cost one compare-and-set per party.
 *
 * <h2>Sample usage: workers merge partial results every round</h2>
 * <pre>{@code
 * long[] partial = new long[WORKERS];
 * AtomicLong total = new AtomicLong();
 * Barrier round = new Barrier(WORKERS, () -> total.addAndGet(Arrays.stream(partial).sum()));
 * // each worker w:
 * for (int r = 0; r < ROUNDS; r++) {
 *     partial[w] = compute(w, r);
 *     round.await();             // the action has merged all partial results when this returns
 * }
 * }</pre>
 *
 * <h2>Memory consistency effects</h2>
 * Actions of each party before its {@code await} happen-before the barrier action, and the action
 * happens-before every party's return from that round's {@code await} (and the completion of
 * every {@code awaitAsync} future of that round). See the
 * <a href="../package-summary.html#memory-visibility">memory-visibility rules</a>.
 *
 * <h2>Differences from {@code java.util.concurrent.CyclicBarrier}</h2>
 * Arrival indices count up (the JDK counts down), the action's failure reaches every party as the
 * cause of its {@code BrokenBarrierException}, the barrier stays broken after a failed action until
 * {@code reset()} (as in the JDK), and parties can be added and removed.
 */
public final class Barrier {

    private final BarrierEngine engine;
    private final long defaultTimeoutNanos;
    /** The name given at construction, or null. */
    private final String name;
    private final WaitStats stats;

    /**
     * A barrier for {@code parties} parties without an action, timeout policy
     * {@link TimeoutPolicy#BREAK}.
     *
     * @param parties how many parties must arrive to trip the barrier
     * @throws IllegalArgumentException if {@code parties} is not 1 to 65,535
     */
    public Barrier(int parties) {
        this(builder(parties));
    }

    /**
     * A barrier for {@code parties} parties that runs {@code action} once per round.
     *
     * @param parties how many parties must arrive to trip the barrier
     * @param action run by the last-arriving party before any party is released
     * @throws IllegalArgumentException if {@code parties} is not 1 to 65,535
     * @throws NullPointerException if {@code action} is null (use {@link #Barrier(int)} for none)
     */
    public Barrier(int parties, Runnable action) {
        this(builder(parties).action(action));
    }

    /**
     * A barrier with an action and Python's default timeout for the untimed {@code await}s.
     *
     * @param parties how many parties must arrive to trip the barrier
     * @param action run by the last-arriving party before any party is released
     * @param defaultTimeout how long the untimed {@code await}s wait before breaking the barrier
     * @throws IllegalArgumentException if {@code parties} is not 1 to 65,535 or {@code
     *         defaultTimeout} is not positive
     * @throws NullPointerException if {@code action} or {@code defaultTimeout} is null
     */
    public Barrier(int parties, Runnable action, Duration defaultTimeout) {
        this(builder(parties).action(action).defaultTimeout(defaultTimeout));
    }

    private Barrier(Builder b) {
        this(b, null);
    }

    /** For variants with another engine (the mutants of the stress tests). */
    Barrier(Builder b, EngineFactory factory) {
        if (b.defaultTimeoutNanos > 0 && b.policy == TimeoutPolicy.WITHDRAW) {
            throw new IllegalArgumentException("Barrier: a default timeout needs the BREAK policy;"
                    + " with WITHDRAW pass the timeout to await(Duration) so the party sees it");
        }
        this.defaultTimeoutNanos = b.defaultTimeoutNanos;
        this.name = b.givenName();
        this.stats = new WaitStats("Barrier", name, b.policy.name(), this);
        this.engine = factory == null
                ? new BarrierEngine(this, b.parties, b.action, b.policy)
                : factory.create(this, b.parties, b.action, b.policy);
    }

    /** Creates engines; lets the stress tests' mutants replace the engine. */
    @FunctionalInterface
    interface EngineFactory {
        BarrierEngine create(Object owner, int parties, Runnable action, TimeoutPolicy policy);
    }

    /**
     * Starts a barrier description with every option.
     *
     * @param parties how many parties must arrive to trip the barrier
     * @return a builder
     * @throws IllegalArgumentException if {@code parties} is not 1 to 65,535
     */
    public static Builder builder(int parties) {
        return new Builder(parties);
    }

    /** Options of a {@link Barrier}: action, default timeout, timeout policy, name. */
    public static final class Builder extends NamedBuilder<Builder, Barrier> {
        private final int parties;
        private Runnable action;
        private long defaultTimeoutNanos;
        private TimeoutPolicy policy = TimeoutPolicy.BREAK;

        private Builder(int parties) {
            if (parties < 1 || parties > BarrierEngine.MAX_PARTIES) {
                throw new IllegalArgumentException("Barrier: parties must be 1 to "
                        + BarrierEngine.MAX_PARTIES + ", was " + parties);
            }
            this.parties = parties;
        }

        /**
         * Sets the action run once per round by the last arriving party, before any party is released.
         *
         * @param action run once per round by the last-arriving party
         * @return this builder
         * @throws NullPointerException if {@code action} is null
         */
        public Builder action(Runnable action) {
            this.action = Objects.requireNonNull(action, "action");
            return this;
        }

        /**
         * Sets the timeout that {@link Barrier#await()} and {@link Barrier#awaitUninterruptibly()} apply.
         *
         * @param timeout how long the untimed {@code await}s wait before breaking the barrier
         * @return this builder
         * @throws IllegalArgumentException if {@code timeout} is not positive
         * @throws NullPointerException if {@code timeout} is null
         */
        public Builder defaultTimeout(Duration timeout) {
            long nanos = Timeouts.toNanos(timeout);
            if (nanos <= 0) {
                throw new IllegalArgumentException("Barrier: the default timeout must be positive,"
                        + " was " + timeout);
            }
            this.defaultTimeoutNanos = nanos;
            return this;
        }

        /**
         * Sets what a timeout or an interrupt of one party does to the others.
         *
         * @param policy what a party that times out or is interrupted does to the others
         * @return this builder
         * @throws NullPointerException if {@code policy} is null
         */
        public Builder timeoutPolicy(TimeoutPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /** The name for the barrier's constructor (which cannot call the protected getter). */
        private String givenName() {
            return nameOrNull();
        }

        /**
         * Creates the barrier with the settings given so far.
         *
         * @return the barrier
         * @throws IllegalArgumentException if a default timeout was combined with
         *         {@link TimeoutPolicy#WITHDRAW}
         */
        @Override
        public Barrier build() {
            return new Barrier(this);
        }
    }

    // ------------------------------------------------------------------ await

    /**
     * Arrives and waits until all parties have arrived (or the default timeout, if any, elapses).
     *
     * @return the arrival index: 0 for the first party of the round, {@code parties() - 1} for
     *         the last
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared (the barrier breaks
     *         under {@link TimeoutPolicy#BREAK}; the arrival is withdrawn under
     *         {@link TimeoutPolicy#WITHDRAW})
     * @throws BrokenBarrierException if the barrier is or becomes broken, the action failed (the
     *         failure is the cause) or the default timeout elapsed (a {@link TimeoutException} is
     *         the cause)
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        return untimed(true);
    }

    /**
     * Arrives and waits until all parties have arrived, ignoring interrupts (the interrupted status
     * is kept).
     *
     * @return the arrival index
     * @throws BrokenBarrierException if the barrier is or becomes broken, the action failed or the
     *         default timeout elapsed
     */
    public int awaitUninterruptibly() throws BrokenBarrierException {
        try {
            return untimed(false);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Arrives now and returns at once: the future completes with the arrival index when the
     * round trips (on the thread whose arrival trips it; an arrival that trips the barrier itself
     * completes before this method returns), or exceptionally with
     * {@link BrokenBarrierException} when the round breaks (at once if the barrier is broken
     * now). An asynchronous arrival is an ordinary party of its round: it counts toward
     * {@link #parties()} and {@link #numberWaiting()}, and the action runs before its future
     * completes.
     *
     * <p>Completing the future before the trip (cancel, {@code orTimeout},
     * {@code completeOnTimeout}, {@code complete}) gives the arrival up as a timeout does: under
     * {@link TimeoutPolicy#WITHDRAW} it is withdrawn and the round stays open for the others;
     * under {@link TimeoutPolicy#BREAK} the round breaks. The default timeout, if the barrier has
     * one, applies as for {@link #await()}: when it elapses first, the round breaks.
     *
     * <pre>{@code
     * barrier.awaitAsync().thenAccept(index -> mergePartialResults(index));
     * }</pre>
     *
     * @return a future completed with the arrival index
     */
    public CompletableFuture<Integer> awaitAsync() {
        return engine.awaitAsync(null, defaultTimeoutNanos);
    }

    /**
     * As {@link #awaitAsync()}, but completed by a task submitted to {@code executor} when the
     * round is resolved by another party (a rejection completes it exceptionally).
     *
     * @param executor where to complete the future
     * @return a future completed with the arrival index
     * @throws NullPointerException if {@code executor} is null
     */
    public CompletableFuture<Integer> awaitAsync(Executor executor) {
        return engine.awaitAsync(Objects.requireNonNull(executor, "executor"),
                defaultTimeoutNanos);
    }

    /**
     * Arrives only if this arrival completes the round (all other parties are waiting), tripping
     * the barrier; otherwise does not arrive at all. Never waits.
     *
     * @return the arrival index ({@code parties() - 1}) if this call tripped the barrier, else
     *         empty
     * @throws BrokenBarrierException if the barrier is broken, or the action failed
     */
    public OptionalInt tryAwait() throws BrokenBarrierException {
        int index = engine.tryAwait();
        return index < 0 ? OptionalInt.empty() : OptionalInt.of(index);
    }

    /**
     * Arrives and waits at most {@code timeout} for the other parties.
     *
     * @param timeout how long to wait; zero or negative means do not wait
     * @return the arrival index
     * @throws TimeoutException if the time ran out (the barrier breaks under
     *         {@link TimeoutPolicy#BREAK}; the arrival is withdrawn under
     *         {@link TimeoutPolicy#WITHDRAW})
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws BrokenBarrierException if the barrier is or becomes broken, or the action failed
     * @throws NullPointerException if {@code timeout} is null
     */
    public int await(Duration timeout)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        return timed(Timeouts.toNanos(timeout));
    }

    /**
     * Arrives and waits at most {@code time} {@code unit}s for the other parties.
     *
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return the arrival index
     * @throws TimeoutException if the time ran out (see {@link #await(Duration)})
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws BrokenBarrierException if the barrier is or becomes broken, or the action failed
     * @throws NullPointerException if {@code unit} is null
     */
    public int await(long time, TimeUnit unit)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        return timed(Timeouts.toNanos(time, unit));
    }

    private int timed(long nanos)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        return engine.await(true, Math.max(nanos, 0L), BarrierEngine.GiveUp.TIMED_OUT);
    }

    private int untimed(boolean interruptible) throws InterruptedException, BrokenBarrierException {
        try {
            return engine.await(interruptible, defaultTimeoutNanos > 0 ? defaultTimeoutNanos : -1L,
                    BarrierEngine.GiveUp.DEFAULT_TIMEOUT);
        } catch (TimeoutException impossible) {
            throw new AssertionError("the default timeout breaks the barrier", impossible);
        }
    }

    // ------------------------------------------------------------------ control

    /**
     * Breaks the barrier: every waiting party and every later {@code await} gets
     * {@link BrokenBarrierException} until {@link #reset()}. Does nothing if already broken.
     */
    public void abort() {
        engine.abort();
    }

    /**
     * Returns the barrier to its initial empty, unbroken state. Parties waiting in the round in
     * progress get {@link BrokenBarrierException}; parties arriving afterwards start a new round.
     */
    public void reset() {
        engine.reset();
    }

    /**
     * Adds a party: the round in progress, and every later one, waits for one more arrival.
     *
     * @return the new number of parties
     * @throws IllegalStateException if there are already 65,535 parties (the most a barrier can
     *         have, as for {@link java.util.concurrent.Phaser})
     */
    public int register() {
        return engine.register();
    }

    /**
     * The calling party leaves the barrier for good, without waiting: the number of parties drops
     * by one, and if all the remaining parties of the round in progress had already arrived, the
     * barrier trips now (running the action in this thread). Works on a broken barrier too.
     *
     * @throws IllegalStateException if this is the only party (a barrier needs at least one)
     * @throws RuntimeException the action's own exception if this call ran it and it failed (the
     *         waiting parties then get {@link BrokenBarrierException} with it as the cause)
     */
    public void arriveAndDeregister() {
        engine.arriveAndDeregister();
    }

    // ------------------------------------------------------------------ introspection

    /**
     * Returns the number of parties a round waits for.
     *
     * @return the number of parties a round waits for
     */
    public int parties() {
        return engine.parties();
    }

    /**
     * Returns the number of parties waiting in the round in progress.
     *
     * @return the number of parties waiting in the round in progress
     */
    public int numberWaiting() {
        return engine.numberWaiting();
    }

    /**
     * Returns whether the barrier is broken (until {@link #reset()}).
     *
     * @return whether the barrier is broken (until {@link #reset()})
     */
    public boolean isBroken() {
        return engine.isBroken();
    }

    /**
     * Returns the number of rounds started since creation: trips plus resets.
     *
     * @return the number of rounds started since creation: trips plus resets
     */
    public long generation() {
        return engine.generation();
    }

    /**
     * Returns the policy applied when a waiting party times out or is interrupted.
     *
     * @return the policy applied when a waiting party times out or is interrupted
     */
    public TimeoutPolicy timeoutPolicy() {
        return engine.policy;
    }

    /**
     * Returns the default timeout of the untimed {@code await}s, if one was set.
     *
     * @return the default timeout of the untimed {@code await}s, if one was set
     */
    public Optional<Duration> defaultTimeout() {
        return defaultTimeoutNanos > 0 ? Optional.of(Duration.ofNanos(defaultTimeoutNanos))
                : Optional.empty();
    }

    /**
     * Returns whether an action runs on every trip.
     *
     * @return whether an action runs on every trip
     */
    public boolean hasAction() {
        return engine.action != null;
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
     * Returns how often and how long parties waited for the trip (only waits that parked after
     * their brief spin are counted).
     *
     * @return this barrier's contention record, live
     */
    public ContentionStats contention() {
        return stats;
    }

    String nameOrNull() {
        return name;
    }

    WaitStats stats() {
        return stats;
    }

    /**
     * Shows the state, e.g.
     * {@code Barrier@1b6d3586[parties=3, waiting=1, broken=false, generation=7, policy=BREAK]}.
     */
    @Override
    public String toString() {
        return engine.toString();
    }
}
