package io.github.signalbox.barriers;

import io.github.signalbox.internal.Completions;
import io.github.signalbox.internal.ContendedWait;
import io.github.signalbox.internal.Jfr;
import io.github.signalbox.internal.Names;
import io.github.signalbox.internal.Parking;
import io.github.signalbox.internal.SpinPolicy;
import io.github.signalbox.internal.Timeouts;
import io.github.signalbox.internal.WaitOutcome;
import io.github.signalbox.internal.WaitStats;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntUnaryOperator;

/**
 * The state machine behind a {@link Barrier}.
 */
class BarrierEngine {

    /*
     * Implementation notes.
     *
     * The whole barrier is one word, {@link #state}: the round number (29 bits, wrapping), three
     * flags, the arrivals of the round and the parties (16 bits each, hence at most 65,535
     * parties, as in Phaser). A common round costs one CAS per party and nothing else: an arrival
     * adds one to "arrived" and keeps the count before as its ticket (its arrival index); the
     * arrival that fills the round replaces the word with the next round's (round + 1, nobody
     * arrived) in that same CAS. Waiters spin on the word and return when its round moves on.
     * Nothing is allocated and no other cache line is touched, so a round costs what Phaser's
     * does.
     *
     * Everything else takes one small ReentrantLock:
     * - HOLD: a lock holder (withdrawal, abort, reset, register, deregister, a round broken by a
     *   timeout or interrupt) first sets HOLD with a CAS, which stops the lock-free path (an
     *   arrival that sees it waits for the lock and tries again), changes what it must and writes
     *   the word back without HOLD.
     * - A full round (arrived == parties) whose trip needs more than the CAS (an action to run, a
     *   renumbering, a new epoch, below): its last party trips it under the lock; the full word
     *   stops everyone else until it does.
     * - SLOW: a party withdrew from this round while others wait. Later arrivals could take an
     *   index a waiter already holds, so they arrive under the lock and take monotonic tickets
     *   instead, and the trip turns tickets into indices by rank (a waiter's ticket minus the
     *   withdrawn tickets below it), keeping them unique and 0..parties-1. When the last waiter
     *   withdraws, the round is an ordinary one again.
     * - BROKEN: the round is broken and stays so (its round number too) until reset().
     *
     * Epochs. What a waiter cannot read from the word (that its round broke, or had to be
     * renumbered) is kept in an Epoch: a run of rounds that ends with the first round that broke,
     * was renumbered or was reset while parties waited (or, to keep round numbers unambiguous,
     * when the 29-bit round number wraps). A waiter keeps its epoch, round and ticket; once the
     * word shows another round, or BROKEN, its round is over, and its epoch says how: if the
     * epoch ended with this round, as recorded there, otherwise the round tripped normally. An
     * epoch is recorded (volatile) before the word shows its end, and replaced only while the
     * word is held or full, so an arrival that reads the epoch after the word and then wins its
     * CAS has the epoch its round belongs to.
     *
     * Waiting: a waiter spins on the word (a 2-party round trip usually completes within a
     * microsecond, a park/unpark pair costs several), then pushes a node on the sleepers stack,
     * looks at the word once more and parks. An asynchronous arrival pushes its node after
     * arriving, then looks once more. Whoever ends a round writes the word first and then takes
     * the whole stack: both sides write then read volatiles, so either the waiter sees its round
     * end or the resolver finds its node. The resolver wakes or completes the nodes whose round
     * ended and pushes the others back; a node pushed back after its own resolver took the
     * stack would be missed, so the sweep looks at what it pushed back once more and repeats if
     * one of them ended meanwhile. A withdrawn node is marked, then swept out the same way. In a
     * common round nobody parks and the stack is never touched.
     *
     * The barrier action must not wait for its own round: await, register, deregister, abort and
     * reset called from it throw IllegalStateException (they would wait for the trip in progress).
     */

    /** The most parties a barrier can have. */
    static final int MAX_PARTIES = 0xFFFF;

    private static final long PARTIES_MASK = 0xFFFFL;
    private static final int ARRIVED_SHIFT = 16;
    private static final long ONE_ARRIVAL = 1L << ARRIVED_SHIFT;
    private static final long ARRIVED_MASK = PARTIES_MASK << ARRIVED_SHIFT;
    /** A lock holder is changing the round: arrivals wait for the lock. */
    private static final long HOLD = 1L << 32;
    /** A party withdrew while others wait: arrivals take tickets under the lock. */
    private static final long SLOW = 1L << 33;
    /** The round is broken until reset. */
    private static final long BROKEN = 1L << 34;
    private static final int ROUND_SHIFT = 35;
    private static final long ONE_ROUND = 1L << ROUND_SHIFT;
    private static final int ROUND_MASK = (1 << (64 - ROUND_SHIFT)) - 1;
    /** What {@link #hold()} returns when the round is full: its last party is tripping it. */
    private static final long TRIPPING = -1L;

    /**
     * How long a waiting party spins before it parks: four park round trips, longer than other
     * waiters spin. A party that parked is woken late (about 20 us here), so in its next round
     * the others wait for it; with a spin shorter than that wake-up they park too, and the
     * parking passes from round to round. Measured with 2 parties on 2 cores: 1.5% of waits
     * parked with a 10 us spin (700-900 ns per round), 0.004% with 40 us (510 ns). When threads
     * outnumber cores the spin yields (SpinPolicy), so the long spin does not starve the
     * party it waits for.
     */
    private static final long ROUND_SPIN_NANOS = 4 * SpinPolicy.SPIN_NANOS;

    /**
     * The spin of the round after one whose trip had to unpark a party: that party arrives late
     * by its wake-up, which at times exceeds {@link #ROUND_SPIN_NANOS}, and the others would park
     * in turn (one fork of a 2-party benchmark ran at 3.9 us per round for a whole second, the
     * others at 0.6 us).
     */
    private static final long AFTER_WAKE_SPIN_NANOS = 4 * ROUND_SPIN_NANOS;

    static int partiesOf(long s) {
        return (int) (s & PARTIES_MASK);
    }

    static int arrivedOf(long s) {
        return (int) ((s & ARRIVED_MASK) >>> ARRIVED_SHIFT);
    }

    static int roundOf(long s) {
        return (int) (s >>> ROUND_SHIFT);
    }

    private static boolean isFull(long s) {
        return arrivedOf(s) >= partiesOf(s);
    }

    private static long withArrived(long s, int arrived) {
        return (s & ~ARRIVED_MASK) | ((long) arrived << ARRIVED_SHIFT);
    }

    private static long withParties(long s, int parties) {
        return (s & ~PARTIES_MASK) | parties;
    }

    /** The word of the round after {@code s}'s: nobody arrived, no flags, the same parties. */
    private static long nextRound(long s) {
        return ((s >>> ROUND_SHIFT << ROUND_SHIFT) + ONE_ROUND) | (s & PARTIES_MASK);
    }

    /** A run of rounds and how its last one ended; see the implementation notes. */
    static final class Epoch {
        final long firstGeneration;
        final int firstRound;
        /** Set, with the fields below, under the lock before the word shows the end. */
        volatile boolean ended;
        int endRound;
        boolean endBroken;
        String breakReason;
        Throwable breakCause;
        /** The SLOW round's bookkeeping (under the lock): the next ticket, the withdrawn ones. */
        int nextTicket;
        int[] withdrawn = new int[0];
        int withdrawnCount;
        /** The thread running the action; read only to compare with the caller. */
        Thread tripper;

        Epoch(long firstGeneration, int firstRound) {
            this.firstGeneration = firstGeneration;
            this.firstRound = firstRound;
        }

        long generationOf(int round) {
            return firstGeneration + ((round - firstRound) & ROUND_MASK);
        }

        void withdraw(int ticket) {
            if (withdrawnCount == withdrawn.length) {
                withdrawn = Arrays.copyOf(withdrawn, Math.max(4, 2 * withdrawnCount));
            }
            withdrawn[withdrawnCount++] = ticket;
        }

        /** The arrival index of a ticket of the renumbered last round: its rank. */
        int rank(int ticket) {
            int below = 0;
            for (int i = 0; i < withdrawnCount; i++) {
                if (withdrawn[i] < ticket) {
                    below++;
                }
            }
            return ticket - below;
        }

        void end(int round, boolean broken, String reason, Throwable cause) {
            endRound = round;
            endBroken = broken;
            breakReason = reason;
            breakCause = cause;
            ended = true;
        }
    }

    /** Where an arrival landed: its epoch, round and ticket. */
    static final class Ticket {
        final Epoch epoch;
        final int round;
        final int ticket;

        Ticket(Epoch epoch, int round, int ticket) {
            this.epoch = epoch;
            this.round = round;
            this.ticket = ticket;
        }
    }

    /** A party that parks, or an asynchronous arrival: what a resolver must wake or complete. */
    static final class Waiter {
        final Ticket arrival;
        final Thread thread = Thread.currentThread();
        /** An asynchronous arrival's future; null for a waiting thread. */
        final CompletableFuture<Integer> future;
        /** Where to complete {@link #future}; null: the resolving thread. */
        final Executor executor;
        /** Set by the withdrawal; a sweep then drops the node. */
        volatile boolean withdrawn;
        boolean pushed;
        Waiter next;

        Waiter(Ticket arrival, CompletableFuture<Integer> future, Executor executor) {
            this.arrival = arrival;
            this.future = future;
            this.executor = executor;
        }
    }

    private static final VarHandle STATE;
    private static final VarHandle SLEEPERS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(BarrierEngine.class, "state", long.class);
            SLEEPERS = l.findVarHandle(BarrierEngine.class, "sleepers", Waiter.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Why a waiter gives up. */
    enum GiveUp { INTERRUPTED, TIMED_OUT, DEFAULT_TIMEOUT }

    private volatile long state;
    private volatile Epoch epoch;
    private volatile Waiter sleepers;
    /**
     * Whether the last trip unparked a party (so this round spins longer). Plain: a stale value
     * only changes how long one round spins; written only when it changes.
     */
    private boolean lastTripWoke;
    private final ReentrantLock lock = new ReentrantLock();
    private final Object owner;
    /** Counted by parties that park (after their spin), when they stop waiting. */
    private final WaitStats stats;
    final Runnable action;
    final TimeoutPolicy policy;

    BarrierEngine(Object owner, int parties, Runnable action, TimeoutPolicy policy) {
        if (parties > MAX_PARTIES) {
            throw new IllegalArgumentException("Barrier: parties must be at most " + MAX_PARTIES
                    + ", was " + parties);
        }
        this.owner = owner;
        this.stats = owner instanceof Barrier ? ((Barrier) owner).stats()
                : new WaitStats("Barrier", null, policy.name(), owner);
        this.action = action;
        this.policy = policy;
        this.epoch = new Epoch(0, 0);
        this.state = parties;
    }

    /**
     * Moves a new barrier to round {@code round} with generation 0 there; for the tests of the
     * round number's wrap, which would otherwise take 2^29 rounds.
     */
    final void startAtRound(int round) {
        epoch = new Epoch(0, round & ROUND_MASK);
        state = ((long) (round & ROUND_MASK) << ROUND_SHIFT) | partiesOf(state);
    }

    /** The largest round number; the round after it is 0. */
    static final int LAST_ROUND = ROUND_MASK;

    /** The word; for the stress tests' mutants. */
    final long state() {
        return state;
    }

    /** Writes the word (only a lock holder, or a mutant). */
    final void setState(long s) {
        state = s;
    }

    /** The lock-free step: replaces the word if it is still {@code expected}. */
    boolean casState(long expected, long next) {
        return STATE.compareAndSet(this, expected, next);
    }

    // ------------------------------------------------------------------ await

    /**
     * Arrives and waits for the trip.
     *
     * @param nanos how long to wait, or negative for no limit
     * @param giveUp what running out of time means (TIMED_OUT or DEFAULT_TIMEOUT)
     */
    final int await(boolean interruptible, long nanos, GiveUp giveUp)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        long deadline = nanos >= 0 ? Timeouts.deadlineAfter(nanos) : 0L;
        if (interruptible && Thread.interrupted()) {
            // Arrives not at all. Under BREAK that breaks the round; under WITHDRAW the round
            // stays live and nobody is disturbed.
            if (policy == TimeoutPolicy.BREAK) {
                breakCurrentRound(threadName() + " was interrupted on arrival");
            }
            throw new InterruptedException();
        }
        // The common round, inline and allocating nothing: no flag, no action, not full.
        for (long s = state; (s & (HOLD | SLOW | BROKEN)) == 0 && action == null; s = state) {
            Epoch e = epoch;
            int ticket = arrivedOf(s);
            if (ticket + 1 < partiesOf(s)) {
                if (casState(s, s + ONE_ARRIVAL)) {
                    return waitForOutcome(e, roundOf(s), ticket, interruptible, nanos, deadline,
                            giveUp);
                }
            } else if (ticket + 1 == partiesOf(s) && roundOf(nextRound(s)) != 0) {
                if (casState(s, nextRound(s))) {
                    afterTrip();
                    return ticket;
                }
            } else {
                break; // full, or the round number wraps: the general path
            }
        }
        Ticket me = arrive(false);
        return waitForOutcome(me.epoch, me.round, me.ticket, interruptible, nanos, deadline,
                giveUp);
    }

    /**
     * Adds an arrival to the current round and returns it; trips the round if the arrival filled
     * it (the arrival's round is then over). Throws if the round is broken. With {@code
     * onlyIfLast}, arrives only if this arrival fills the round, and returns null otherwise.
     */
    private Ticket arrive(boolean onlyIfLast) throws BrokenBarrierException {
        for (;;) {
            long s = state;
            Epoch e = epoch;
            if ((s & HOLD) != 0) {
                awaitHolder();
            } else if ((s & BROKEN) != 0) {
                if (state == s) { // the epoch read after it is the broken one
                    throw broken(e);
                }
            } else if (isFull(s)) {
                awaitTrip(s);
            } else if ((s & SLOW) != 0) {
                Ticket me = arriveLocked(onlyIfLast);
                if (me == NOT_LAST) {
                    return null;
                }
                if (me != null) {
                    return me;
                }
            } else {
                int ticket = arrivedOf(s);
                boolean last = ticket + 1 == partiesOf(s);
                if (!last && onlyIfLast) {
                    if (state == s) {
                        return null;
                    }
                } else if (last && action == null && roundOf(nextRound(s)) != 0) {
                    if (casState(s, nextRound(s))) {
                        afterTrip();
                        return new Ticket(e, roundOf(s), ticket);
                    }
                } else if (casState(s, s + ONE_ARRIVAL)) {
                    Ticket me = new Ticket(e, roundOf(s), ticket);
                    if (last) {
                        tripLocked(e, s + ONE_ARRIVAL);
                    }
                    return me;
                }
            }
        }
    }

    /** What {@link #arriveLocked} returns when {@code onlyIfLast} and the arrival would not trip. */
    private static final Ticket NOT_LAST = new Ticket(null, 0, -1);

    /**
     * Arrives in a SLOW round, under the lock; null if the round is not SLOW any more (the
     * caller tries again), {@link #NOT_LAST} if {@code onlyIfLast} and the arrival would not
     * fill the round.
     */
    private Ticket arriveLocked(boolean onlyIfLast) {
        Ticket me;
        boolean tripped = false;
        lockState();
        try {
            long s = state;
            if ((s & (HOLD | BROKEN)) != 0 || (s & SLOW) == 0 || isFull(s)) {
                return null;
            }
            boolean last = arrivedOf(s) + 1 == partiesOf(s);
            if (onlyIfLast && !last) {
                return NOT_LAST;
            }
            Epoch e = epoch;
            me = new Ticket(e, roundOf(s), e.nextTicket++);
            setState(s + ONE_ARRIVAL);
            if (last) {
                tripHeld(e, s + ONE_ARRIVAL);
                tripped = true;
            }
        } finally {
            lock.unlock();
        }
        if (tripped) {
            sweep();
        }
        return me;
    }

    /**
     * Waits until the round of an arrival is over: spins, then parks (only a party that parks
     * allocates anything: its node).
     */
    private int waitForOutcome(Epoch e, int round, int ticket, boolean interruptible,
            long nanos, long deadline, GiveUp giveUp)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        boolean timed = nanos >= 0;
        if (!isOver(round) && (!timed || nanos > 0)) {
            long spin = lastTripWoke ? AFTER_WAKE_SPIN_NANOS : ROUND_SPIN_NANOS;
            long spinEnd = System.nanoTime() + (timed ? Math.min(nanos, spin) : spin);
            for (int i = 0; !isOver(round) && SpinPolicy.spinUntil(spinEnd, i); i++) {
                // spin: the trip usually comes within a microsecond
            }
        }
        if (isOver(round)) {
            return outcome(e, round, ticket);
        }
        Ticket me = new Ticket(e, round, ticket);
        Waiter node = new Waiter(me, null, null);
        ContendedWait wait = stats.begin("round " + me.epoch.generationOf(round), -1);
        WaitOutcome how = WaitOutcome.BROKEN;
        try {
            int index;
            switch (Parking.parkUntil(() -> isOver(round), interruptible, timed, deadline, this,
                    () -> pushOnce(node))) {
                case INTERRUPTED:
                    how = WaitOutcome.INTERRUPTED;
                    index = giveUp(node, GiveUp.INTERRUPTED);
                    break;
                case TIMED_OUT:
                    how = WaitOutcome.TIMED_OUT;
                    index = giveUp(node, giveUp);
                    break;
                default:
                    index = outcome(me);
            }
            how = WaitOutcome.GRANTED; // tripped after all (a give-up can lose to the trip)
            return index;
        } catch (BrokenBarrierException broken) {
            how = WaitOutcome.BROKEN;
            throw broken;
        } finally {
            wait.end(how);
        }
    }

    /** The waiter's half of the handshake with the resolver: its node, before its last look. */
    private void pushOnce(Waiter node) {
        if (!node.pushed) {
            node.pushed = true;
            push(node, node);
        }
    }

    /** Whether the round {@code round} is over: the word shows another round, or BROKEN. */
    private boolean isOver(int round) {
        long s = state;
        return roundOf(s) != round || (s & BROKEN) != 0;
    }

    /** The waiter stops waiting: withdraws or breaks the barrier, unless the outcome came first. */
    private int giveUp(Waiter node, GiveUp why)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        Ticket me = node.arrival;
        boolean withdraw = policy == TimeoutPolicy.WITHDRAW && why != GiveUp.DEFAULT_TIMEOUT;
        boolean gaveUp = withdraw
                ? withdraw(node)
                : breakRound(me, threadName() + (why == GiveUp.INTERRUPTED
                        ? " was interrupted while waiting" : " timed out"),
                        why == GiveUp.INTERRUPTED ? null : timeout());
        if (!gaveUp) {
            // resolved before we could give up: keep the outcome (and the interrupt)
            awaitOver(me.round);
            if (why == GiveUp.INTERRUPTED) {
                Thread.currentThread().interrupt();
            }
            return outcome(me);
        }
        switch (why) {
            case INTERRUPTED:
                throw new InterruptedException();
            case TIMED_OUT:
                throw timeout();
            default:
                throw broken(me.epoch);
        }
    }

    // ------------------------------------------------------------------ asynchronous arrival

    /**
     * Arrives now without waiting: the future completes with the arrival index when the round
     * trips (exceptionally when it breaks). Completing the future first (cancel, orTimeout)
     * gives the arrival up as a timeout would: withdrawn under WITHDRAW, the round broken under
     * BREAK. A positive {@code defaultTimeoutNanos} breaks the round when it elapses first, as
     * for a blocking arrival.
     */
    final CompletableFuture<Integer> awaitAsync(Executor executor, long defaultTimeoutNanos) {
        CompletableFuture<Integer> future = new CompletableFuture<>();
        Ticket me;
        try {
            me = arrive(false);
        } catch (BrokenBarrierException e) {
            return CompletableFuture.failedFuture(e);
        }
        Waiter node = new Waiter(me, future, executor);
        if (isOver(me.round)) { // this arrival tripped the round: completes before returning
            completeArrival(node);
            return future;
        }
        publishAsync(node);
        future.whenComplete((index, failure) -> abandon(node));
        if (defaultTimeoutNanos > 0) {
            CompletableFuture<Void> timer = new CompletableFuture<Void>()
                    .orTimeout(defaultTimeoutNanos, TimeUnit.NANOSECONDS);
            timer.whenComplete((v, expired) -> {
                if (expired != null && !isOver(me.round)) {
                    breakRound(me, "the asynchronous arrival of thread " + node.thread.getName()
                            + " timed out", new TimeoutException(name() + ": the asynchronous"
                            + " arrival of thread " + node.thread.getName()
                            + " timed out (default timeout)"));
                }
            });
            future.whenComplete((index, failure) -> timer.complete(null)); // cancels the timer
        }
        return future;
    }

    /**
     * Pushes an asynchronous arrival's node, then looks at its round once more: the resolver may
     * have taken the stack between the arrival and the push.
     */
    void publishAsync(Waiter node) {
        push(node, node);
        if (isOver(node.arrival.round)) {
            sweep();
        }
    }

    /** An asynchronous arrival's future completed: if its round is still open, it gives up. */
    private void abandon(Waiter node) {
        Ticket me = node.arrival;
        if (isOver(me.round)) {
            return; // resolved: the arrival counted
        }
        if (policy == TimeoutPolicy.WITHDRAW) {
            withdraw(node);
        } else {
            breakRound(me, "the asynchronous arrival of thread " + node.thread.getName()
                    + " was given up (its future completed before the trip)", null);
        }
    }

    /** Completes an asynchronous arrival whose round is over. */
    private void completeArrival(Waiter node) {
        try {
            node.future.complete(outcome(node.arrival));
        } catch (BrokenBarrierException e) {
            node.future.completeExceptionally(e);
        }
    }

    // ------------------------------------------------------------------ other arrivals

    /** Arrives only if this arrival trips the barrier; returns the index, or -1 (no arrival). */
    final int tryAwait() throws BrokenBarrierException {
        Ticket me = arrive(true);
        return me == null ? -1 : outcome(me);
    }

    /** Adds a party; returns the new number of parties. */
    int register() {
        return changeParties(p -> {
            if (p >= MAX_PARTIES) {
                throw new IllegalStateException(name() + ": cannot register more than "
                        + MAX_PARTIES + " parties");
            }
            return p + 1;
        });
    }

    /**
     * Sets the number of parties to {@code change} applied to it, atomically; never trips (the
     * new number must not be below the arrivals). Returns the new number.
     */
    final int changeParties(IntUnaryOperator change) {
        for (;;) {
            long s;
            lockState();
            try {
                s = hold();
                if (s != TRIPPING) {
                    int p;
                    try {
                        p = change.applyAsInt(partiesOf(s));
                    } catch (RuntimeException refused) {
                        setState(s); // released unchanged
                        throw refused;
                    }
                    setState(withParties(s, p));
                    return p;
                }
            } finally {
                lock.unlock();
            }
            awaitTrip(state);
        }
    }

    /** Removes a party; trips the barrier if everyone else has arrived. */
    final void arriveAndDeregister() {
        for (;;) {
            Epoch e;
            long full;
            lockState();
            try {
                long s = hold();
                if (s == TRIPPING) {
                    full = TRIPPING;
                    e = null;
                } else {
                    int p = partiesOf(s);
                    if (p == 1) {
                        setState(s);
                        throw new IllegalStateException(name() + ": the last party cannot"
                                + " deregister (" + threadName() + ")");
                    }
                    int arrived = arrivedOf(s);
                    if ((s & BROKEN) != 0 || arrived == 0 || arrived < p - 1) {
                        setState(withParties(s, p - 1));
                        return;
                    }
                    e = epoch;
                    full = withParties(withArrived(s, p - 1), p - 1);
                    setState(full);
                    tripHeld(e, full);
                }
            } finally {
                lock.unlock();
            }
            if (full != TRIPPING) {
                sweep();
                if (e.ended && e.endRound == roundOf(full) && e.endBroken
                        && e.breakCause != null) {
                    rethrowActionFailure(e.breakCause);
                }
                return;
            }
            awaitTrip(state);
        }
    }

    final void abort() {
        breakCurrentRound("aborted by " + threadName());
    }

    final void reset() {
        for (;;) {
            lockState();
            try {
                long s = hold();
                if (s != TRIPPING) {
                    Epoch e = epoch;
                    int round = roundOf(s);
                    if ((s & BROKEN) == 0 && arrivedOf(s) > 0) {
                        e.end(round, true, "reset by " + threadName() + " while parties waited",
                                null);
                    }
                    long next = nextRound(s);
                    epoch = new Epoch(e.generationOf(round) + 1, roundOf(next));
                    setState(next);
                    break;
                }
            } finally {
                lock.unlock();
            }
            awaitTrip(state);
        }
        sweep();
    }

    // ------------------------------------------------------------------ introspection

    final boolean isBroken() {
        return (state & BROKEN) != 0;
    }

    final int numberWaiting() {
        long s = state;
        return (s & BROKEN) != 0 ? 0 : arrivedOf(s);
    }

    final int parties() {
        return partiesOf(state);
    }

    /**
     * Returns how many generations have been started since creation (trips plus resets).
     *
     * @return how many generations have been started since creation (trips plus resets)
     */
    final long generation() {
        long s = state;
        Epoch e = epoch;
        if ((s & HOLD) == 0 && !isFull(s) && state == s) {
            return e.generationOf(roundOf(s)); // the epoch changes only while held or full
        }
        lockState();
        try {
            return epoch.generationOf(roundOf(state));
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ slow paths

    /**
     * Under the lock: sets HOLD on the word and returns it as it was (broken or not); the caller
     * writes it back without HOLD. {@link #TRIPPING} if the round is full: its last party is
     * tripping it, and the caller must release the lock and wait for that.
     */
    private long hold() {
        for (;;) {
            long s = state;
            if (isFull(s) && (s & BROKEN) == 0) {
                checkNotInAction();
                return TRIPPING;
            }
            if (casState(s, s | HOLD)) {
                return s;
            }
        }
    }

    /** Under the lock: holds the round of {@code me} if it is still waiting; else TRIPPING. */
    private long holdRoundOf(Ticket me) {
        long s = hold();
        if (s == TRIPPING || (s & BROKEN) != 0 || roundOf(s) != me.round || epoch != me.epoch) {
            if (s != TRIPPING) {
                setState(s);
            }
            return TRIPPING;
        }
        return s;
    }

    /** Withdraws a waiting arrival; false if its round was resolved (or is tripping) first. */
    private boolean withdraw(Waiter node) {
        Ticket me = node.arrival;
        lockState();
        try {
            long s = holdRoundOf(me);
            if (s == TRIPPING) {
                return false;
            }
            Epoch e = me.epoch;
            int arrived = arrivedOf(s);
            if (arrived == 1) { // the last waiter leaves: an ordinary round again
                e.withdrawnCount = 0;
                setState(withArrived(s & ~SLOW, 0));
            } else {
                if ((s & SLOW) == 0) {
                    e.nextTicket = arrived;
                    e.withdrawnCount = 0;
                }
                e.withdraw(me.ticket);
                setState(withArrived(s, arrived - 1) | SLOW);
            }
        } finally {
            lock.unlock();
        }
        node.withdrawn = true;
        sweep(); // drops the node if it was pushed
        return true;
    }

    /** Breaks the round of {@code me} if it is still waiting; false if it was resolved first. */
    private boolean breakRound(Ticket me, String reason, Throwable cause) {
        lockState();
        try {
            long s = holdRoundOf(me);
            if (s == TRIPPING) {
                return false;
            }
            breakHeld(me.epoch, s, reason, cause);
        } finally {
            lock.unlock();
        }
        sweep();
        return true;
    }

    /** Breaks the current round (abort, an interrupted arrival under BREAK). */
    private void breakCurrentRound(String reason) {
        for (;;) {
            lockState();
            try {
                long s = hold();
                if (s != TRIPPING && (s & BROKEN) != 0) {
                    setState(s);
                    return;
                }
                if (s != TRIPPING) {
                    breakHeld(epoch, s, reason, null);
                    break;
                }
            } finally {
                lock.unlock();
            }
            awaitTrip(state); // tripping: the next round will be the current one
        }
        sweep();
    }

    /** Under the lock, the round held or full: ends its epoch broken. */
    private void breakHeld(Epoch e, long s, String reason, Throwable cause) {
        e.end(roundOf(s), true, reason, cause);
        setState(withArrived(s & ~(HOLD | SLOW), 0) | BROKEN);
    }

    /** Waits until the lock holder that set HOLD has finished. */
    private void awaitHolder() {
        lockState();
        lock.unlock();
    }

    /**
     * Waits until the word is no longer {@code full}: a full round's last party has tripped it
     * (with an action: while it runs the action under the lock).
     */
    private void awaitTrip(long full) {
        if (isFull(full)) {
            checkNotInAction();
        }
        for (int i = 0; state == full && isFull(full); i++) {
            pause(i);
        }
    }

    /** Waits until the round {@code round} is over (a give-up lost to its trip). */
    private void awaitOver(int round) {
        for (int i = 0; !isOver(round); i++) {
            pause(i);
        }
    }

    private void pause(int i) {
        if (i < 64) {
            Thread.onSpinWait();
        } else {
            lockState();
            lock.unlock();
            Thread.yield();
        }
    }

    private void checkNotInAction() {
        if (epoch.tripper == Thread.currentThread()) {
            throw new IllegalStateException(name() + ": the barrier action cannot wait at,"
                    + " change or reset its own barrier");
        }
    }

    // ------------------------------------------------------------------ internals

    /**
     * Takes the state lock, spinning briefly on tryLock first: the lock is held for a few
     * hundred nanoseconds at most, so a party that finds it taken would otherwise park (several
     * microseconds) for nothing.
     */
    private void lockState() {
        if (lock.tryLock()) {
            return;
        }
        long end = System.nanoTime() + SpinPolicy.YIELD_NANOS;
        for (int i = 0; SpinPolicy.spinUntil(end, i); i++) {
            if (lock.tryLock()) {
                return;
            }
        }
        lock.lock();
    }

    /** A lock-free trip has moved the word on: wakes whoever parked. */
    private void afterTrip() {
        boolean woke = sleepers != null && sweep();
        if (woke != lastTripWoke) {
            lastTripWoke = woke;
        }
    }

    /** The arrival that filled the word {@code full} trips its round under the lock. */
    private void tripLocked(Epoch e, long full) {
        lockState();
        try {
            tripHeld(e, full);
        } finally {
            lock.unlock();
        }
        afterTrip();
    }

    /**
     * Under the lock, the word {@code full}: runs the action if any, ends the epoch if the round
     * was renumbered (or the round number wraps), and moves the word to the next round; or
     * breaks the round if the action failed.
     */
    private void tripHeld(Epoch e, long full) {
        int round = roundOf(full);
        if (action != null) {
            e.tripper = Thread.currentThread();
            Object tripEvent = Jfr.beginTrip();
            try {
                action.run();
            } catch (Throwable failure) {
                Jfr.endTrip(tripEvent, stats.name(), e.generationOf(round), partiesOf(full), true);
                breakHeld(e, full, "the barrier action failed in " + threadName() + ": "
                        + failure, failure);
                return;
            } finally {
                e.tripper = null;
            }
            Jfr.endTrip(tripEvent, stats.name(), e.generationOf(round), partiesOf(full), false);
        }
        long next = nextRound(full);
        if ((full & SLOW) != 0 || roundOf(next) == 0) {
            e.end(round, false, null, null);
            epoch = new Epoch(e.generationOf(round) + 1, roundOf(next));
        }
        setState(next);
    }

    // ------------------------------------------------------------------ the sleepers stack

    /** Pushes the chain {@code first..last} on the sleepers stack. */
    final void push(Waiter first, Waiter last) {
        for (;;) {
            Waiter top = sleepers;
            last.next = top;
            if (SLEEPERS.compareAndSet(this, top, first)) {
                return;
            }
        }
    }

    /**
     * Takes the sleepers stack; wakes or completes the nodes whose round is over, drops the
     * withdrawn ones and pushes the rest back (see the implementation notes). Returns whether it
     * unparked a thread.
     */
    private boolean sweep() {
        boolean woke = false;
        List<Runnable> completions = null;
        for (;;) {
            Waiter taken = (Waiter) SLEEPERS.getAndSet(this, null);
            Waiter keep = null;
            Waiter keepLast = null;
            for (Waiter w = taken, next; w != null; w = next) {
                next = w.next;
                w.next = null;
                if (w.withdrawn) {
                    continue;
                }
                if (!isOver(w.arrival.round)) {
                    if (keep == null) {
                        keepLast = w;
                    }
                    w.next = keep;
                    keep = w;
                } else if (w.future != null) {
                    if (completions == null) {
                        completions = new ArrayList<>();
                    }
                    Waiter a = w;
                    completions.add(() -> deliver(a));
                } else {
                    wake(w);
                    woke = true;
                }
            }
            if (keep == null) {
                break;
            }
            List<Waiter> pushedBack = new ArrayList<>();
            for (Waiter w = keep; w != null; w = w.next) {
                pushedBack.add(w);
            }
            push(keep, keepLast);
            if (!anyOverOrWithdrawn(pushedBack)) {
                break;
            }
        }
        if (completions != null) {
            Completions.runAll(completions); // flat, however many rounds the callbacks drive
        }
        return woke;
    }

    /** Whether a node pushed back has ended or withdrawn since: a sweep may have missed it. */
    private boolean anyOverOrWithdrawn(List<Waiter> pushedBack) {
        for (Waiter w : pushedBack) {
            if (w.withdrawn || isOver(w.arrival.round)) {
                return true;
            }
        }
        return false;
    }

    private void deliver(Waiter a) {
        if (a.executor == null) {
            completeArrival(a);
            return;
        }
        try {
            a.executor.execute(() -> completeArrival(a));
        } catch (RuntimeException rejected) {
            a.future.completeExceptionally(rejected);
        }
    }

    /** Unparks one parked party. */
    void wake(Waiter w) {
        LockSupport.unpark(w.thread);
    }

    /** The outcome of an arrival whose round is over: its index, or the break. */
    private int outcome(Ticket me) throws BrokenBarrierException {
        return outcome(me.epoch, me.round, me.ticket);
    }

    private int outcome(Epoch e, int round, int ticket) throws BrokenBarrierException {
        if (e.ended && e.endRound == round) {
            if (e.endBroken) {
                throw broken(e);
            }
            return e.rank(ticket);
        }
        return ticket;
    }

    private BrokenBarrierException broken(Epoch e) {
        BrokenBarrierException x = new BrokenBarrierException(name() + " is broken: "
                + e.breakReason);
        if (e.breakCause != null) {
            x.initCause(e.breakCause);
        }
        return x;
    }

    private TimeoutException timeout() {
        return new TimeoutException(name() + ": " + threadName()
                + " timed out waiting for the other parties");
    }

    private static void rethrowActionFailure(Throwable failure) {
        if (failure instanceof RuntimeException) {
            throw (RuntimeException) failure;
        }
        if (failure instanceof Error) {
            throw (Error) failure;
        }
        throw new IllegalStateException("the barrier action failed", failure);
    }

    /** The barrier's kind and name, or its identity hash when unnamed. */
    final String name() {
        return Names.identity("Barrier", owner instanceof Barrier ? ((Barrier) owner).nameOrNull()
                : null, owner);
    }

    /**
     * What a party parked on this engine waits for, as thread dumps and {@code
     * LockSupport.getBlocker} show it (the same text as the barrier's {@code toString()}).
     */
    @Override
    public String toString() {
        return name() + "[parties=" + parties() + ", waiting=" + numberWaiting() + ", broken="
                + isBroken() + ", generation=" + generation() + ", policy=" + policy + "]";
    }

    private static String threadName() {
        return "thread " + Thread.currentThread().getName();
    }
}
