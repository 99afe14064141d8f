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
     * Each cycle of the barrier is a Generation with a volatile outcome (WAITING -> TRIPPED or
     * WAITING -> BROKEN, each at most once). A waiter keeps a reference to its own generation,
     * so a trip or reset that installs the next one can never be confused with its own.
     *
     * Arrival is lock-free. A generation's state is its head: an immutable-count link of a chain
     * holding "arrived" and "parties". An arrival allocates an Arrival link (its thread or
     * future, arrived + 1, parties, prev = the head it saw) and installs it with one CAS on the
     * head, so arrived, parties and the arrivals themselves change together; the link that makes
     * arrived == parties trips the round. A full head is never replaced: whoever sees one knows
     * the round's last party is tripping it, and waits for that (below).
     *
     * Everything else (withdrawal, abort, reset, register, deregister, a round broken by a
     * timeout or interrupt) happens under one small ReentrantLock, and starts by installing a
     * Hold link over the head with a CAS, which stops the fast path: an arrival that sees a Hold
     * takes and releases the lock (waits for the holder) and tries again. The holder changes the
     * chain at leisure (a withdrawal unlinks its Arrival) and then installs a fresh link with the
     * new counts; a fresh object each time, so an arrival that read the old head can never
     * succeed with a stale CAS. A broken generation, and one a reset replaced, keep their Hold
     * for good: closed to arrivals.
     *
     * The trip: the arrival whose CAS filled the round walks the chain (stable now) and gives
     * each Arrival its index by position (0 for the oldest), so indices stay 0..parties-1 and
     * unique after withdrawals; installs the next generation; then publishes TRIPPED (volatile,
     * after the new generation, so a released party that arrives again sees the new one). With
     * an action, the tripper runs it first, under the lock (slow operations and arrivals that
     * meet the full round then wait on the lock, not in a spin); if it fails the generation breaks
     * with the failure as cause and stays current (every later arrival fails fast) until reset().
     *
     * Waiting: a waiter spins briefly on its generation's outcome (a 2-party round trip usually
     * completes within a microsecond, a park/unpark pair costs several), then sets its Arrival's
     * parked flag and its generation's sleepers flag (volatile), re-reads the outcome and parks.
     * The thread that resolves the generation writes the outcome (volatile) and only then reads
     * the sleepers flag and, if set, walks the chain, unparking the arrivals that set theirs: both
     * sides write then read volatiles, so either the waiter sees the outcome or the resolver sees
     * the flag. An asynchronous arrival sets the sleepers flag before its CAS, so whoever resolves
     * the round (after that CAS) walks the chain to complete its future. In the common round
     * nobody parked and the resolver reads no other party's Arrival (a cache miss each). A
     * resolved chain never changes again.
     *
     * The barrier action must not wait for its own round: await, register, deregister, abort and
     * reset called from it throw IllegalStateException (they would wait for the trip in progress).
     */

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

    /**
     * Whether the last trip unparked a party (so this round spins longer). Plain: a stale value
     * only changes how long one round spins; written only when it changes.
     */
    private boolean lastTripWoke;

    static final int WAITING = 0;
    static final int TRIPPED = 1;
    static final int BROKEN = 2;

    /** A link of a round's chain: the counts after it, and the link before it. */
    static class Link {
        /** The older link; rewritten only under a Hold (a withdrawal unlinks an Arrival). */
        Link prev;
        final int arrived;
        final int parties;

        Link(Link prev, int arrived, int parties) {
            this.prev = prev;
            this.arrived = arrived;
            this.parties = parties;
        }

        final boolean isFull() {
            return arrived >= parties;
        }
    }

    /** A lock holder's mark over a head: closes the round to the lock-free path. */
    static final class Hold extends Link {
        Hold(Link head, int parties) {
            super(head, head.arrived, parties);
        }
    }

    /** One party waiting in one generation: a thread, or an asynchronous arrival. */
    static final class Arrival extends Link {
        final Generation generation;
        /** The thread that arrived (for an asynchronous arrival: the one that called). */
        final Thread thread = Thread.currentThread();
        /** An asynchronous arrival's future; null for a waiting thread. */
        final CompletableFuture<Integer> future;
        /** Where to complete {@link #future}; null: the resolving thread. */
        final Executor executor;
        /** Given by the trip, before it publishes the outcome, if the round must renumber. */
        int index;
        volatile boolean parked;

        Arrival(Generation generation, Link head, CompletableFuture<Integer> future,
                Executor executor) {
            super(head, head.arrived + 1, head.parties);
            this.generation = generation;
            this.future = future;
            this.executor = executor;
        }
    }

    /** One cycle of the barrier; also the first link of its chain (nobody arrived yet). */
    static final class Generation extends Link {
        final long number;
        volatile Link head;
        volatile int outcome;
        String breakReason;
        Throwable breakCause;
        /**
         * Set by a party before it parks and by an asynchronous arrival before its CAS: the
         * resolver must walk the chain to wake or complete someone.
         */
        volatile boolean sleepers;
        /** The thread running this round's action; read only to compare with the caller. */
        Thread tripper;

        /**
         * Whether an arrival withdrew from this round, so arrival indices must be given by
         * position at the trip; without withdrawals an arrival's index is its count minus one.
         * Written under a Hold, before the head that ends it.
         */
        boolean renumber;

        Generation(long number, int parties) {
            super(null, 0, parties);
            this.number = number;
            this.head = this;
        }
    }

    private static final VarHandle HEAD;

    static {
        try {
            HEAD = MethodHandles.lookup().findVarHandle(Generation.class, "head", Link.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Why a waiter gives up. */
    enum GiveUp { INTERRUPTED, TIMED_OUT, DEFAULT_TIMEOUT }

    private final ReentrantLock lock = new ReentrantLock();
    private final Object owner;
    /** Counted by parties that park (after their spin), when they stop waiting. */
    private final WaitStats stats;
    final Runnable action;
    final TimeoutPolicy policy;
    private volatile Generation current;

    BarrierEngine(Object owner, int parties, Runnable action, TimeoutPolicy policy) {
        this.owner = owner;
        this.stats = owner instanceof Barrier ? ((Barrier) owner).stats()
                : new WaitStats("Barrier", null, policy.name(), owner);
        this.action = action;
        this.policy = policy;
        this.current = new Generation(0, parties);
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
        Arrival me = arrive(null, null);
        Generation g = me.generation;
        if (me.isFull()) {
            trip(g, me);
            return outcome(g, me);
        }
        return waitForOutcome(g, me, interruptible, nanos, deadline, giveUp);
    }

    /**
     * Adds an arrival to the current round with one CAS; throws if the round is broken. The
     * caller trips the round if the returned arrival filled it.
     */
    private Arrival arrive(CompletableFuture<Integer> future, Executor executor)
            throws BrokenBarrierException {
        for (;;) {
            Generation g = current;
            if (g.outcome == BROKEN) {
                throw broken(g);
            }
            Link head = g.head;
            if (head instanceof Hold) {
                awaitHolder();
            } else if (head.isFull()) {
                awaitTrip(g);
            } else {
                Arrival me = new Arrival(g, head, future, executor);
                if (future != null) {
                    g.sleepers = true; // before the CAS: the resolver comes after it
                }
                if (pushArrival(g, head, me)) {
                    return me;
                }
            }
        }
    }

    /** Installs a new arrival over the head it was built on; false if the head changed. */
    boolean pushArrival(Generation g, Link head, Arrival arrival) {
        return HEAD.compareAndSet(g, head, arrival);
    }

    private int waitForOutcome(Generation g, Arrival me, boolean interruptible, long nanos,
            long deadline, GiveUp giveUp)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        boolean timed = nanos >= 0;
        if (!timed || nanos > 0) {
            long spin = lastTripWoke ? AFTER_WAKE_SPIN_NANOS : ROUND_SPIN_NANOS;
            long spinEnd = System.nanoTime() + (timed ? Math.min(nanos, spin) : spin);
            for (int i = 0; g.outcome == WAITING && SpinPolicy.spinUntil(spinEnd, i); i++) {
                // spin: the trip usually comes within a microsecond
            }
        }
        if (g.outcome != WAITING) {
            return outcome(g, me);
        }
        ContendedWait wait = stats.begin("round " + g.number, -1);
        WaitOutcome how = WaitOutcome.BROKEN;
        try {
            int index;
            switch (Parking.parkUntil(() -> g.outcome != WAITING, interruptible, timed, deadline,
                    this, () -> announceParking(g, me))) {
                case INTERRUPTED:
                    how = WaitOutcome.INTERRUPTED;
                    index = giveUp(me, GiveUp.INTERRUPTED);
                    break;
                case TIMED_OUT:
                    how = WaitOutcome.TIMED_OUT;
                    index = giveUp(me, giveUp);
                    break;
                default:
                    index = outcome(g, me);
            }
            how = WaitOutcome.GRANTED; // tripped after all (a give-up can lose to the trip)
            return index;
        } catch (BrokenBarrierException e) {
            how = WaitOutcome.BROKEN;
            throw e;
        } finally {
            wait.end(how);
        }
    }

    /** The waiter's half of the handshake with the resolver: the flags, before its last look. */
    private static void announceParking(Generation g, Arrival me) {
        me.parked = true;
        g.sleepers = true;
    }

    /** The waiter stops waiting: withdraws or breaks the barrier, unless the outcome came first. */
    private int giveUp(Arrival me, GiveUp why)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        Generation g = me.generation;
        boolean withdraw = policy == TimeoutPolicy.WITHDRAW && why != GiveUp.DEFAULT_TIMEOUT;
        boolean gaveUp = withdraw
                ? withdraw(me)
                : breakRound(g, threadName() + (why == GiveUp.INTERRUPTED
                        ? " was interrupted while waiting" : " timed out"),
                        why == GiveUp.INTERRUPTED ? null : timeout());
        if (!gaveUp) {
            // resolved before we could give up: keep the outcome (and the interrupt)
            awaitTrip(g);
            if (why == GiveUp.INTERRUPTED) {
                Thread.currentThread().interrupt();
            }
            return outcome(g, me);
        }
        switch (why) {
            case INTERRUPTED:
                throw new InterruptedException();
            case TIMED_OUT:
                throw timeout();
            default:
                throw broken(g);
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
        Arrival me;
        try {
            me = arrive(future, executor);
        } catch (BrokenBarrierException e) {
            return CompletableFuture.failedFuture(e);
        }
        Generation g = me.generation;
        if (me.isFull()) {
            tripAndPublish(g, me);
            completeArrival(g, me); // the tripping arrival completes before the call returns
            wakeAll(g);
            return future;
        }
        future.whenComplete((index, failure) -> abandon(me));
        if (defaultTimeoutNanos > 0) {
            CompletableFuture<Void> timer = new CompletableFuture<Void>()
                    .orTimeout(defaultTimeoutNanos, TimeUnit.NANOSECONDS);
            timer.whenComplete((v, expired) -> {
                if (expired != null) {
                    breakRoundOf(me, "the asynchronous arrival of thread " + me.thread.getName()
                            + " timed out", new TimeoutException(name() + ": the asynchronous"
                            + " arrival of thread " + me.thread.getName()
                            + " timed out (default timeout)"));
                }
            });
            future.whenComplete((index, failure) -> timer.complete(null)); // cancels the timer
        }
        return future;
    }

    /** An asynchronous arrival's future completed: if its round is still open, it gives up. */
    private void abandon(Arrival me) {
        if (me.generation.outcome != WAITING) {
            return; // resolved: the arrival counted
        }
        if (policy == TimeoutPolicy.WITHDRAW) {
            withdraw(me);
        } else {
            breakRoundOf(me, "the asynchronous arrival of thread " + me.thread.getName()
                    + " was given up (its future completed before the trip)", null);
        }
    }

    /** Completes an asynchronous arrival of a resolved generation, as its caller asked. */
    private void completeArrival(Generation g, Arrival a) {
        if (g.outcome == TRIPPED) {
            a.future.complete(indexOf(g, a));
        } else {
            a.future.completeExceptionally(broken(g));
        }
    }

    // ------------------------------------------------------------------ other arrivals

    /** Arrives only if this arrival trips the barrier; returns the index, or -1 (no arrival). */
    final int tryAwait() throws BrokenBarrierException {
        for (;;) {
            Generation g = current;
            if (g.outcome == BROKEN) {
                throw broken(g);
            }
            Link head = g.head;
            if (head instanceof Hold) {
                awaitHolder();
            } else if (head.isFull()) {
                awaitTrip(g);
            } else if (head.arrived + 1 < head.parties) {
                return -1;
            } else {
                Arrival me = new Arrival(g, head, null, null);
                if (pushArrival(g, head, me)) {
                    trip(g, me);
                    return outcome(g, me);
                }
            }
        }
    }

    /** Adds a party; returns the new number of parties. */
    int register() {
        return changeParties(p -> {
            if (p == Integer.MAX_VALUE) {
                throw new IllegalStateException(name() + ": cannot register more than "
                        + Integer.MAX_VALUE + " parties");
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
            Generation g;
            lockState();
            try {
                g = current;
                if (g.outcome != WAITING) { // broken: closed for good, only the count changes
                    Link head = g.head;
                    int p = change.applyAsInt(head.parties);
                    g.head = new Hold(head, p);
                    return p;
                }
                Link head = hold(g);
                if (head != null) {
                    int p;
                    try {
                        p = change.applyAsInt(head.parties);
                    } catch (RuntimeException e) {
                        g.head = new Link(head, head.arrived, head.parties);
                        throw e;
                    }
                    g.head = new Link(head, head.arrived, p);
                    return p;
                }
            } finally {
                lock.unlock();
            }
            awaitTrip(g);
        }
    }

    /** Removes a party; trips the barrier if everyone else has arrived. */
    final void arriveAndDeregister() {
        for (;;) {
            Generation g;
            Link full = null;
            lockState();
            try {
                g = current;
                Link head = g.outcome != WAITING ? g.head : hold(g);
                if (head != null) {
                    int p = head.parties;
                    if (p == 1) {
                        if (g.outcome == WAITING) {
                            g.head = new Link(head, head.arrived, p);
                        }
                        throw new IllegalStateException(name() + ": the last party cannot"
                                + " deregister (" + threadName() + ")");
                    }
                    if (g.outcome != WAITING) {
                        g.head = new Hold(head, p - 1);
                        return;
                    }
                    if (head.arrived > 0 && head.arrived >= p - 1) {
                        full = new Link(head, p - 1, p - 1);
                        g.head = full;
                        publish(g, full);
                    } else {
                        g.head = new Link(head, head.arrived, p - 1);
                        return;
                    }
                }
            } finally {
                lock.unlock();
            }
            if (full != null) {
                wakeAll(g);
                if (g.outcome == BROKEN && g.breakCause != null) {
                    rethrowActionFailure(g.breakCause);
                }
                return;
            }
            awaitTrip(g);
        }
    }

    final void abort() {
        breakCurrentRound("aborted by " + threadName());
    }

    final void reset() {
        for (;;) {
            Generation g;
            boolean done = false;
            boolean broke = false;
            lockState();
            try {
                g = current;
                Link head = g.outcome != WAITING ? g.head : hold(g);
                if (head != null) {
                    if (g.outcome == WAITING && head.arrived > 0) {
                        breakGeneration(g, "reset by " + threadName() + " while parties waited",
                                null);
                        broke = true;
                    }
                    current = new Generation(g.number + 1, head.parties);
                    done = true;
                }
            } finally {
                lock.unlock();
            }
            if (done) {
                if (broke) {
                    wakeAll(g);
                }
                return;
            }
            awaitTrip(g);
        }
    }

    // ------------------------------------------------------------------ introspection

    final boolean isBroken() {
        return current.outcome == BROKEN;
    }

    final int numberWaiting() {
        Generation g = current;
        Link head = g.head;
        return g.outcome == WAITING ? head.arrived : 0;
    }

    final int parties() {
        return current.head.parties;
    }

    /**
     * Returns how many generations have been started since creation (trips plus resets).
     *
     * @return how many generations have been started since creation (trips plus resets)
     */
    final long generation() {
        return current.number;
    }

    // ------------------------------------------------------------------ slow paths

    /**
     * Under the state lock: installs a Hold over the head of {@code g} (current and WAITING) and
     * returns the head it covered; null if the round is full (its last party is tripping it: the
     * caller must release the lock and wait for the trip, which may need the lock).
     */
    private Link hold(Generation g) {
        for (;;) {
            Link head = g.head;
            if (head.isFull()) {
                return null;
            }
            if (HEAD.compareAndSet(g, head, new Hold(head, head.parties))) {
                return head;
            }
        }
    }

    /** Withdraws a waiting arrival; false if its round was resolved (or is tripping) first. */
    private boolean withdraw(Arrival me) {
        Generation g = me.generation;
        lockState();
        try {
            if (g.outcome != WAITING) {
                return false;
            }
            Link head = hold(g);
            if (head == null) {
                return false;
            }
            g.renumber = true;
            if (head == me) {
                g.head = new Link(me.prev, head.arrived - 1, head.parties);
                return true;
            }
            Link next = head;
            while (next != null && next.prev != me) {
                next = next.prev;
            }
            if (next == null) { // withdrawn already
                g.head = new Link(head, head.arrived, head.parties);
                return false;
            }
            next.prev = me.prev;
            g.head = new Link(head, head.arrived - 1, head.parties);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Breaks the round of {@code me} if it is still waiting; false if it was resolved first. */
    private boolean breakRound(Generation g, String reason, Throwable cause) {
        lockState();
        try {
            if (g.outcome != WAITING || hold(g) == null) {
                return false;
            }
            breakGeneration(g, reason, cause);
        } finally {
            lock.unlock();
        }
        wakeAll(g);
        return true;
    }

    /** Breaks the round of an asynchronous arrival (BREAK policy) unless it was resolved. */
    private void breakRoundOf(Arrival me, String reason, Throwable cause) {
        if (me.generation.outcome == WAITING) {
            breakRound(me.generation, reason, cause);
        }
    }

    /** Breaks the current round (abort, an interrupted arrival under BREAK). */
    private void breakCurrentRound(String reason) {
        for (;;) {
            Generation g;
            boolean broke = false;
            lockState();
            try {
                g = current;
                if (g.outcome != WAITING) {
                    return;
                }
                if (hold(g) != null) {
                    breakGeneration(g, reason, null);
                    broke = true;
                }
            } finally {
                lock.unlock();
            }
            if (broke) {
                wakeAll(g);
                return;
            }
            awaitTrip(g); // tripping: the next round will be the current one
        }
    }

    /** Waits until the lock holder that installed a Hold has finished. */
    private void awaitHolder() {
        lockState();
        lock.unlock();
    }

    /**
     * Waits until a full round's last party has tripped it (with an action: while it runs the
     * action under the state lock).
     */
    private void awaitTrip(Generation g) {
        checkNotInAction(g);
        for (int i = 0; current == g && g.outcome == WAITING && g.head.isFull(); i++) {
            if (i < 64) {
                Thread.onSpinWait();
            } else {
                lockState();
                lock.unlock();
                Thread.yield();
            }
        }
    }

    private void checkNotInAction(Generation g) {
        if (g.tripper == Thread.currentThread() && g.outcome == WAITING) {
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

    /** The arrival {@code last} filled its round: trips it and wakes everyone. */
    private void trip(Generation g, Link last) {
        tripAndPublish(g, last);
        wakeAll(g);
    }

    /** Runs the action (under the state lock) and publishes the trip, or the break it caused. */
    private void tripAndPublish(Generation g, Link full) {
        if (action == null) {
            publish(g, full);
            return;
        }
        lockState();
        try {
            publish(g, full);
        } finally {
            lock.unlock();
        }
    }

    /** Runs the action if any, gives the indices and publishes the trip (or the break). */
    private void publish(Generation g, Link full) {
        if (action != null) {
            g.tripper = Thread.currentThread();
            Object tripEvent = Jfr.beginTrip();
            try {
                action.run();
            } catch (Throwable failure) {
                Jfr.endTrip(tripEvent, stats.name(), g.number, full.parties, true);
                breakGeneration(g, "the barrier action failed in " + threadName() + ": "
                        + failure, failure);
                return;
            } finally {
                g.tripper = null;
            }
            Jfr.endTrip(tripEvent, stats.name(), g.number, full.parties, false);
        }
        if (g.renumber) {
            int index = full.arrived;
            for (Link l = full; l != null; l = l.prev) {
                if (l instanceof Arrival) {
                    ((Arrival) l).index = --index;
                }
            }
        }
        current = new Generation(g.number + 1, full.parties);
        g.outcome = TRIPPED;
    }

    private static void breakGeneration(Generation g, String reason, Throwable cause) {
        g.breakReason = reason;
        g.breakCause = cause;
        g.outcome = BROKEN;
    }

    /**
     * Unparks the parked arrivals of a generation whose outcome is published, and completes its
     * asynchronous arrivals. Safe outside the lock: a resolved generation's chain never changes.
     */
    final void wakeAll(Generation g) {
        List<Runnable> completions = null;
        boolean woke = false;
        for (Link l = g.sleepers ? g.head : null; l != null; l = l.prev) {
            if (!(l instanceof Arrival)) {
                continue;
            }
            Arrival a = (Arrival) l;
            if (a.future != null) {
                if (completions == null) {
                    completions = new ArrayList<>();
                }
                completions.add(() -> deliver(g, a));
            } else if (a.parked) {
                wake(a);
                woke = true;
            }
        }
        if (woke != lastTripWoke && g.outcome == TRIPPED) {
            lastTripWoke = woke;
        }
        if (completions != null) {
            Completions.runAll(completions); // flat, however many rounds the callbacks drive
        }
    }

    private void deliver(Generation g, Arrival a) {
        if (a.executor == null) {
            completeArrival(g, a);
            return;
        }
        try {
            a.executor.execute(() -> completeArrival(g, a));
        } catch (RuntimeException rejected) {
            a.future.completeExceptionally(rejected);
        }
    }

    /** Unparks one parked arrival. */
    void wake(Arrival a) {
        LockSupport.unpark(a.thread);
    }

    private int outcome(Generation g, Arrival me) throws BrokenBarrierException {
        if (g.outcome == TRIPPED) {
            return indexOf(g, me);
        }
        throw broken(g);
    }

    /** The arrival index of a party of a tripped round. */
    private static int indexOf(Generation g, Arrival a) {
        return g.renumber ? a.index : a.arrived - 1;
    }

    private BrokenBarrierException broken(Generation g) {
        BrokenBarrierException e = new BrokenBarrierException(name() + " is broken: "
                + g.breakReason);
        if (g.breakCause != null) {
            e.initCause(g.breakCause);
        }
        return e;
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
