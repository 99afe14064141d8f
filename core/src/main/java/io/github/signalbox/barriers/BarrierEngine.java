package io.github.signalbox.barriers;

import io.github.signalbox.internal.Completions;
import io.github.signalbox.internal.ContendedWait;
import io.github.signalbox.internal.Jfr;
import io.github.signalbox.internal.Names;
import io.github.signalbox.internal.WaitOutcome;
import io.github.signalbox.internal.WaitStats;
import io.github.signalbox.internal.Parking;
import io.github.signalbox.internal.SpinPolicy;
import io.github.signalbox.internal.Timeouts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state machine behind a {@link Barrier}.
 */
class BarrierEngine {

    /*
     * Implementation notes.
     *
     * Every state change (arrive, withdraw, trip, break, reset, register, deregister) happens
     * under one small ReentrantLock, taken with a brief tryLock spin first (a contended
     * ReentrantLock parks at once, which would cost a park round trip per round); waiting
     * happens outside it. Each cycle of the barrier is a
     * Generation holding the arrivals in arrival order and a volatile outcome
     * (WAITING -> TRIPPED or WAITING -> BROKEN, each at most once). A waiter keeps a reference to
     * its own generation, so a trip or reset that installs the next generation can never be
     * confused with its own, and it waits for that generation's outcome to change:
     *
     *   - first it spins briefly (a 2-party round trip usually completes within a microsecond,
     *     while a park/unpark pair costs several), then
     *   - it sets its Arrival.parked flag (volatile), re-reads the outcome, and parks.
     *
     * The thread that resolves the generation writes the outcome (volatile) and only then reads
     * each arrival's parked flag, unparking those that set it. Both sides write then read
     * volatiles, so at least one sees the other's write: either the waiter sees the outcome and
     * does not park, or the resolver sees the flag and unparks. Waiters that never parked cost
     * the resolver no unpark.
     *
     * Arrival indices are given at the trip, by position among the arrivals still present, so
     * they stay 0..parties-1 and unique even after WITHDRAW removed someone. The action runs in
     * the tripping thread under the lock, before the outcome is published, so no waiter can
     * return before it finished; its failure breaks the generation with the failure as cause.
     * A broken generation stays current (every later arrival fails fast) until reset() installs
     * a fresh one.
     */

    static final int WAITING = 0;
    static final int TRIPPED = 1;
    static final int BROKEN = 2;

    /** One cycle of the barrier. */
    static final class Generation {
        final long number;
        final List<Arrival> arrivals = new ArrayList<>();
        String breakReason;
        Throwable breakCause;
        volatile int outcome;

        Generation(long number) {
            this.number = number;
        }
    }

    /** One party waiting in one generation: a thread, or an asynchronous arrival. */
    static final class Arrival {
        /** The thread that arrived (for an asynchronous arrival: the one that called). */
        final Thread thread = Thread.currentThread();
        /** An asynchronous arrival's future; null for a waiting thread. */
        final CompletableFuture<Integer> future;
        /** Where to complete {@link #future}; null: the resolving thread. */
        final Executor executor;
        int index;
        volatile boolean parked;

        Arrival() {
            this(null, null);
        }

        Arrival(CompletableFuture<Integer> future, Executor executor) {
            this.future = future;
            this.executor = executor;
        }
    }

    /** Why a waiter gives up. */
    enum GiveUp { INTERRUPTED, TIMED_OUT, DEFAULT_TIMEOUT }

    final ReentrantLock lock = new ReentrantLock();
    private final Object owner;
    /** Counted by parties that park (after their spin), when they stop waiting. */
    private final WaitStats stats;
    final Runnable action;
    final TimeoutPolicy policy;
    volatile int parties;
    private volatile Generation current = new Generation(0);

    BarrierEngine(Object owner, int parties, Runnable action, TimeoutPolicy policy) {
        this.owner = owner;
        this.stats = owner instanceof Barrier ? ((Barrier) owner).stats()
                : new WaitStats("Barrier", null, policy.name(), owner);
        this.parties = parties;
        this.action = action;
        this.policy = policy;
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
        Generation g;
        Arrival me = null;
        boolean tripped = false;
        boolean brokeOnEntry = false;
        lockState();
        try {
            g = current;
            if (g.outcome == BROKEN) {
                throw broken(g);
            }
            if (interruptible && Thread.interrupted()) {
                // Arrives not at all. Under BREAK that breaks the round (everyone is woken below);
                // under WITHDRAW the round stays live and nobody is disturbed.
                if (policy == TimeoutPolicy.BREAK) {
                    breakGeneration(g, threadName() + " was interrupted on arrival", null);
                    brokeOnEntry = true;
                }
            } else {
                me = new Arrival();
                g.arrivals.add(me);
                if (g.arrivals.size() >= parties) {
                    trip(g);
                    tripped = true;
                }
            }
        } finally {
            lock.unlock();
        }
        if (me == null) {
            if (brokeOnEntry) {
                wakeAll(g); // the outcome is published: the arrivals list no longer changes
            }
            throw new InterruptedException();
        }
        if (tripped || g.outcome != WAITING) {
            wakeAll(g);
            return outcome(g, me);
        }
        return waitForOutcome(g, me, interruptible, nanos, deadline, giveUp);
    }

    private int waitForOutcome(Generation g, Arrival me, boolean interruptible, long nanos,
            long deadline, GiveUp giveUp)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        boolean timed = nanos >= 0;
        if (!timed || nanos > 0) {
            long spinEnd = System.nanoTime() + (timed ? Math.min(nanos, SpinPolicy.SPIN_NANOS)
                    : SpinPolicy.SPIN_NANOS);
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
                    this, () -> me.parked = true)) {
                case INTERRUPTED:
                    how = WaitOutcome.INTERRUPTED;
                    index = giveUp(g, me, GiveUp.INTERRUPTED);
                    break;
                case TIMED_OUT:
                    how = WaitOutcome.TIMED_OUT;
                    index = giveUp(g, me, giveUp);
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

    /** The waiter stops waiting: withdraws or breaks the barrier, unless the outcome came first. */
    private int giveUp(Generation g, Arrival me, GiveUp why)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        boolean broke = false;
        lockState();
        try {
            if (g.outcome == WAITING) {
                if (policy == TimeoutPolicy.WITHDRAW && why != GiveUp.DEFAULT_TIMEOUT) {
                    g.arrivals.remove(me);
                } else {
                    breakGeneration(g, threadName() + (why == GiveUp.INTERRUPTED
                            ? " was interrupted while waiting" : " timed out"),
                            why == GiveUp.INTERRUPTED ? null : timeout());
                    broke = true;
                }
            } else if (why == GiveUp.INTERRUPTED) {
                // resolved before we could give up: keep the outcome, keep the interrupt
                Thread.currentThread().interrupt();
                return outcome(g, me);
            } else {
                return outcome(g, me);
            }
        } finally {
            lock.unlock();
        }
        if (broke) {
            wakeAll(g);
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
        Arrival me = new Arrival(future, executor);
        Generation g;
        boolean tripped = false;
        lockState();
        try {
            g = current;
            if (g.outcome == BROKEN) {
                return CompletableFuture.failedFuture(broken(g));
            }
            g.arrivals.add(me);
            if (g.arrivals.size() >= parties) {
                trip(g);
                tripped = true;
            }
        } finally {
            lock.unlock();
        }
        if (tripped) {
            completeArrival(g, me); // the tripping arrival completes before the call returns
            wakeAll(g);
            return future;
        }
        future.whenComplete((index, failure) -> abandon(g, me));
        if (defaultTimeoutNanos > 0) {
            CompletableFuture<Void> timer = new CompletableFuture<Void>()
                    .orTimeout(defaultTimeoutNanos, TimeUnit.NANOSECONDS);
            timer.whenComplete((v, expired) -> {
                if (expired != null) {
                    defaultTimeoutExpired(g, me);
                }
            });
            future.whenComplete((index, failure) -> timer.complete(null)); // cancels the timer
        }
        return future;
    }

    /** An asynchronous arrival's future completed: if its round is still open, it gives up. */
    private void abandon(Generation g, Arrival me) {
        if (g.outcome != WAITING) {
            return; // resolved: the arrival counted
        }
        boolean broke = false;
        lockState();
        try {
            if (g.outcome != WAITING || !g.arrivals.contains(me)) {
                return;
            }
            if (policy == TimeoutPolicy.WITHDRAW) {
                g.arrivals.remove(me);
            } else {
                breakGeneration(g, "the asynchronous arrival of thread " + me.thread.getName()
                        + " was given up (its future completed before the trip)", null);
                broke = true;
            }
        } finally {
            lock.unlock();
        }
        if (broke) {
            wakeAll(g);
        }
    }

    /** The default timeout of an asynchronous arrival elapsed: the round breaks, as for await(). */
    private void defaultTimeoutExpired(Generation g, Arrival me) {
        lockState();
        try {
            if (g.outcome != WAITING || !g.arrivals.contains(me)) {
                return;
            }
            breakGeneration(g, "the asynchronous arrival of thread " + me.thread.getName()
                    + " timed out", new TimeoutException(name() + ": the asynchronous arrival of"
                    + " thread " + me.thread.getName() + " timed out (default timeout)"));
        } finally {
            lock.unlock();
        }
        wakeAll(g);
    }

    /** Completes an asynchronous arrival of a resolved generation, as its caller asked. */
    private void completeArrival(Generation g, Arrival a) {
        if (g.outcome == TRIPPED) {
            a.future.complete(a.index);
        } else {
            a.future.completeExceptionally(broken(g));
        }
    }

    // ------------------------------------------------------------------ other arrivals

    /** Arrives only if this arrival trips the barrier; returns the index, or -1 (no arrival). */
    final int tryAwait() throws BrokenBarrierException {
        Generation g;
        Arrival me = new Arrival();
        lockState();
        try {
            g = current;
            if (g.outcome == BROKEN) {
                throw broken(g);
            }
            if (g.arrivals.size() + 1 < parties) {
                return -1;
            }
            g.arrivals.add(me);
            trip(g);
        } finally {
            lock.unlock();
        }
        wakeAll(g);
        return outcome(g, me);
    }

    /** Adds a party; returns the new number of parties. */
    int register() {
        lockState();
        try {
            int p = parties;
            if (p == Integer.MAX_VALUE) {
                throw new IllegalStateException(name() + ": cannot register more than "
                        + Integer.MAX_VALUE + " parties");
            }
            parties = p + 1;
            return p + 1;
        } finally {
            lock.unlock();
        }
    }

    /** Removes a party; trips the barrier if everyone else has arrived. */
    final void arriveAndDeregister() {
        Generation g;
        boolean tripped = false;
        lockState();
        try {
            int p = parties;
            if (p == 1) {
                throw new IllegalStateException(name() + ": the last party cannot deregister ("
                        + threadName() + ")");
            }
            parties = p - 1;
            g = current;
            if (g.outcome == WAITING && !g.arrivals.isEmpty() && g.arrivals.size() >= p - 1) {
                trip(g);
                tripped = true;
            }
        } finally {
            lock.unlock();
        }
        if (tripped) {
            wakeAll(g);
            if (g.outcome == BROKEN && g.breakCause != null) {
                rethrowActionFailure(g.breakCause);
            }
        }
    }

    final void abort() {
        Generation g;
        lockState();
        try {
            g = current;
            if (g.outcome != WAITING) {
                return;
            }
            breakGeneration(g, "aborted by " + threadName(), null);
        } finally {
            lock.unlock();
        }
        wakeAll(g);
    }

    final void reset() {
        Generation g;
        lockState();
        try {
            g = current;
            if (g.outcome == WAITING && !g.arrivals.isEmpty()) {
                breakGeneration(g, "reset by " + threadName() + " while parties waited", null);
            }
            current = new Generation(g.number + 1);
        } finally {
            lock.unlock();
        }
        wakeAll(g);
    }

    // ------------------------------------------------------------------ introspection

    final boolean isBroken() {
        return current.outcome == BROKEN;
    }

    final int numberWaiting() {
        lockState();
        try {
            Generation g = current;
            return g.outcome == WAITING ? g.arrivals.size() : 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns how many generations have been started since creation (trips plus resets).
     *
     * @return how many generations have been started since creation (trips plus resets)
     */
    final long generation() {
        return current.number;
    }

    // ------------------------------------------------------------------ internals

    /**
     * Takes the state lock, spinning briefly on tryLock first: the lock is held for a few
     * hundred nanoseconds at most, so a party that returns from a trip and arrives again while
     * the tripping thread still holds it would otherwise park (several microseconds) for nothing.
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

    /** Runs the action and publishes the trip, or breaks the generation if the action fails. */
    private void trip(Generation g) {
        if (action != null) {
            Object tripEvent = Jfr.beginTrip();
            try {
                action.run();
            } catch (Throwable failure) {
                Jfr.endTrip(tripEvent, stats.name(), g.number, parties, true);
                breakGeneration(g, "the barrier action failed in " + threadName() + ": "
                        + failure, failure);
                return;
            }
            Jfr.endTrip(tripEvent, stats.name(), g.number, parties, false);
        }
        List<Arrival> arrivals = g.arrivals;
        for (int i = 0; i < arrivals.size(); i++) {
            arrivals.get(i).index = i;
        }
        g.outcome = TRIPPED;
        current = new Generation(g.number + 1);
    }

    private static void breakGeneration(Generation g, String reason, Throwable cause) {
        g.breakReason = reason;
        g.breakCause = cause;
        g.outcome = BROKEN;
    }

    /**
     * Unparks the parked arrivals of a generation whose outcome is published. Runs outside the
     * state lock, which is safe only then: a resolved generation's arrivals list never changes
     * again (arrivals and withdrawals touch only a WAITING generation).
     */
    final void wakeAll(Generation g) {
        List<Runnable> completions = null;
        for (Arrival a : g.arrivals) {
            if (a.future != null) {
                if (completions == null) {
                    completions = new ArrayList<>();
                }
                completions.add(() -> deliver(g, a));
            } else if (a.parked) {
                wake(a);
            }
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
            return me.index;
        }
        throw broken(g);
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
        return name() + "[parties=" + parties + ", waiting=" + numberWaiting() + ", broken="
                + isBroken() + ", generation=" + generation() + ", policy=" + policy + "]";
    }

    private static String threadName() {
        return "thread " + Thread.currentThread().getName();
    }
}
