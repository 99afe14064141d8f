package io.github.signalbox.events;

import io.github.signalbox.NamedBuilder;
import io.github.signalbox.ContentionStats;
import io.github.signalbox.internal.Names;
import io.github.signalbox.internal.Timeouts;
import io.github.signalbox.internal.WaitStats;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * An edge-triggered event in the style of .NET's {@code AutoResetEvent}: each {@link #set()}
 * lets exactly one waiter through and lowers the flag again; if nobody waits, the flag stays up
 * until one thread arrives and consumes it.
 *
 * <h2>Edge versus level</h2>
 * An {@link Event} is level-triggered: while its flag is up every waiter passes. An
 * {@code AutoResetEvent} hands out one pass per {@code set()}: waiting consumes the flag. Setting
 * an event whose flag is already up does nothing (signals are not counted; use a semaphore to
 * count them).
 *
 * <h2>Waiting</h2>
 * Four flavours, each consuming the flag when it succeeds: {@link #awaitUninterruptibly()},
 * {@link #await()} (interruptible), {@link #tryAwait()} (no wait) and the timed
 * {@link #await(Duration)} / {@link #await(long, TimeUnit)}. {@link #isSet()} only looks.
 *
 * <h2>Fairness</h2>
 * Waiters pass in arrival order: a {@code set()} goes to the longest-waiting thread, and a
 * newly arriving thread cannot take the flag while others wait.
 *
 * <h2>Sample usage: hand work to one of several idle workers</h2>
 * <pre>{@code
 * AutoResetEvent workReady = new AutoResetEvent();
 * // each worker:  workReady.await(); takeOneItem();
 * // producer:     queue.add(item); workReady.set();   // wakes exactly one worker
 * }</pre>
 *
 * <h2>Memory consistency effects</h2>
 * Actions of a thread before {@code set()} happen-before the return of the {@code await} (or
 * successful {@code tryAwait}) that consumed that set. See the
 * <a href="../package-summary.html#memory-visibility">memory-visibility rules</a>.
 */
public final class AutoResetEvent {

    /*
     * Implementation notes. The flag is the state (0 or 1) of an AbstractQueuedSynchronizer in
     * exclusive mode: consuming is a CAS 1 -> 0 allowed only to the first queued thread (or a
     * newcomer when nobody is queued), setting stores 1 and wakes the first waiter. Two sets with
     * no consumer in between leave one pass, never two; a waiter that times out leaves the queue
     * through AQS's cancellation and passes the wake-up on.
     */

    /** The name given at construction, or null. */
    private final String name;
    private final Sync sync;

    /** Creates an event whose flag is down. */
    public AutoResetEvent() {
        this(null);
    }

    private AutoResetEvent(String name) {
        this.name = name;
        this.sync = new Sync(this, new WaitStats("AutoResetEvent", name, null, this));
    }

    /**
     * Returns a builder, for a named AutoResetEvent:
     * <pre>{@code
     * AutoResetEvent workReady = AutoResetEvent.builder().name("work-ready").build();
     * }</pre>
     *
     * @return a builder of an unnamed AutoResetEvent whose flag is down
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link AutoResetEvent}; the name is optional. */
    public static final class Builder extends NamedBuilder<Builder, AutoResetEvent> {

        private Builder() {
        }

        /**
         * Returns a new AutoResetEvent whose flag is down.
         *
         * @return a new AutoResetEvent whose flag is down
         */
        @Override
        public AutoResetEvent build() {
            return new AutoResetEvent(nameOrNull());
        }
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
     * Returns how often and how long threads waited for the flag (waits that found it up are not
     * counted).
     *
     * @return this event's contention record, live
     */
    public ContentionStats contention() {
        return sync.stats;
    }



    /** Raises the flag, releasing exactly one waiter (or the next thread to arrive). */
    public void set() {
        sync.release(1);
    }

    /**
     * Returns whether the flag is up (looks only; does not consume).
     *
     * @return whether the flag is up (looks only; does not consume)
     */
    public boolean isSet() {
        return sync.isSet();
    }

    /**
     * Returns whether the flag was up; if it was, it is consumed.
     *
     * @return whether the flag was up; if it was, it is consumed
     */
    public boolean tryAwait() {
        return sync.tryConsume();
    }

    /**
     * Waits for the flag and consumes it.
     *
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     */
    public void await() throws InterruptedException {
        sync.await(1, true);
    }

    /** Waits for the flag and consumes it, ignoring interrupts (the status is kept). */
    public void awaitUninterruptibly() {
        try {
            sync.await(1, false);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Waits at most {@code timeout} for the flag and consumes it.
     *
     * @param timeout how long to wait; zero or negative means do not wait
     * @return whether the flag was consumed
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code timeout} is null
     */
    public boolean await(Duration timeout) throws InterruptedException {
        return sync.await(1, Timeouts.toNanos(timeout));
    }

    /**
     * Waits at most {@code time} {@code unit}s for the flag and consumes it.
     *
     * @param time how long to wait; zero or negative means do not wait
     * @param unit the unit of {@code time}
     * @return whether the flag was consumed
     * @throws InterruptedException if the current thread has its interrupted status set on entry
     *         or is interrupted while waiting; the status is then cleared
     * @throws NullPointerException if {@code unit} is null
     */
    public boolean await(long time, TimeUnit unit) throws InterruptedException {
        return sync.await(1, Timeouts.toNanos(time, unit));
    }

    /**
     * Returns the number of threads waiting (a snapshot, for monitoring).
     *
     * @return the number of threads waiting (a snapshot, for monitoring)
     */
    public int getWaiterCount() {
        return sync.getQueueLength();
    }

    /** Shows the flag and the waiters, e.g. {@code AutoResetEvent@1b6d3586[set=false, waiters=1]}. */
    @Override
    public String toString() {
        return Names.identity("AutoResetEvent", name, this) + "[set="
                + isSet() + ", waiters=" + getWaiterCount() + "]";
    }

    private static final class Sync extends EventSync {
        private static final long serialVersionUID = 1L;

        Sync(Object owner, WaitStats stats) {
            super(owner, stats, false);
        }

        boolean isSet() {
            return getState() != 0;
        }

        boolean tryConsume() {
            return !hasQueuedPredecessors() && compareAndSetState(1, 0);
        }

        @Override
        protected boolean tryAcquire(int ignored) {
            return tryConsume();
        }

        @Override
        protected boolean tryRelease(int ignored) {
            setState(1);
            return true;
        }
    }
}
