package io.github.signalbox.micrometer;

import io.github.signalbox.ContentionStats;
import io.github.signalbox.barriers.Barrier;
import io.github.signalbox.counters.StripedCounter;
import io.github.signalbox.counters.WaitGroup;
import io.github.signalbox.counters.WaitableCounter;
import io.github.signalbox.events.AutoResetEvent;
import io.github.signalbox.events.Event;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.semaphores.BoundedSemaphore;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

/**
 * Micrometer binders for named signalbox primitives. Each binder registers the primitive's state
 * gauges and its contention meters, tagged {@code primitive} (the class, e.g.
 * {@code ReadersWritersLock}) and {@code name} (the name given to its builder):
 *
 * <pre>{@code
 * ReadersWritersLock prices = ReadersWritersLock.builder().name("prices").build();
 * SignalboxMetrics.of(prices).bindTo(registry);
 * }</pre>
 *
 * <h2>Meters</h2>
 * <table>
 *   <caption>What each binder registers</caption>
 *   <tr><th>Meter</th><th>Type</th><th>Primitives</th></tr>
 *   <tr><td>{@code signalbox.wait}</td><td>function timer: waits that ended and their total
 *       time</td><td>all that wait</td></tr>
 *   <tr><td>{@code signalbox.wait.max}</td><td>time gauge: the longest wait so far</td>
 *       <td>all that wait</td></tr>
 *   <tr><td>{@code signalbox.wait.active}</td><td>gauge: threads waiting now</td>
 *       <td>all that wait</td></tr>
 *   <tr><td>{@code signalbox.wait.timeouts}, {@code signalbox.wait.interrupts}</td>
 *       <td>function counters</td><td>all that wait</td></tr>
 *   <tr><td>{@code signalbox.lock.holders} (tag {@code mode}: read, write)</td><td>gauge: read
 *       holds; 1 while the write lock is held</td><td>ReadersWritersLock</td></tr>
 *   <tr><td>{@code signalbox.lock.queued} (tag {@code mode})</td><td>gauge: queued readers,
 *       writers</td><td>ReadersWritersLock</td></tr>
 *   <tr><td>{@code signalbox.semaphore.permits} (tag {@code state}: available, used)</td>
 *       <td>gauge</td><td>BoundedSemaphore</td></tr>
 *   <tr><td>{@code signalbox.semaphore.bound}, {@code signalbox.semaphore.queued}</td>
 *       <td>gauges</td><td>BoundedSemaphore</td></tr>
 *   <tr><td>{@code signalbox.barrier.parties}, {@code signalbox.barrier.waiting},
 *       {@code signalbox.barrier.broken}</td><td>gauges</td><td>Barrier</td></tr>
 *   <tr><td>{@code signalbox.barrier.trips}</td><td>function counter</td><td>Barrier</td></tr>
 *   <tr><td>{@code signalbox.event.set}, {@code signalbox.event.waiting}</td><td>gauges</td>
 *       <td>Event, AutoResetEvent</td></tr>
 *   <tr><td>{@code signalbox.counter.value}, {@code signalbox.counter.waiting}</td>
 *       <td>gauges</td><td>AtomicCounter, BoundedCounter, WaitGroup (value: the count),
 *       StripedCounter (value only)</td></tr>
 * </table>
 *
 * <h2>Cost</h2>
 * Nothing on the primitive's fast paths: the gauges read the primitive's introspection methods
 * when the registry is scraped, and the wait meters read its
 * {@link ContentionStats contention record}, which only threads that wait write. Meters hold the
 * primitive weakly, as Micrometer's gauges do: a primitive that is no longer used can be
 * collected, and its meters then report NaN (gauges) or stop moving.
 *
 * <p>Memory consistency effects: none; values are read without synchronization.
 */
public final class SignalboxMetrics {

    private SignalboxMetrics() {
    }

    /**
     * Returns a binder for a readers-writers lock.
     *
     * @param lock a lock with a name
     * @return the binder
     * @throws IllegalArgumentException if the lock has no name
     */
    public static MeterBinder of(ReadersWritersLock lock) {
        Tags tags = tags("ReadersWritersLock", lock, lock.name());
        return registry -> {
            gauge(registry, "signalbox.lock.holders", tags.and("mode", "read"), lock,
                    ReadersWritersLock::getReadLockCount, "read holds of the lock");
            gauge(registry, "signalbox.lock.holders", tags.and("mode", "write"), lock,
                    l -> l.isWriteLocked() ? 1 : 0, "1 while the write lock is held");
            gauge(registry, "signalbox.lock.queued", tags.and("mode", "read"), lock,
                    ReadersWritersLock::getQueuedReaderCount, "readers waiting in the queue");
            gauge(registry, "signalbox.lock.queued", tags.and("mode", "write"), lock,
                    ReadersWritersLock::getQueuedWriterCount, "writers waiting in the queue");
            waits(registry, tags, lock, ReadersWritersLock::contention);
        };
    }

    /**
     * Returns a binder for a bounded semaphore.
     *
     * @param semaphore a semaphore with a name
     * @return the binder
     * @throws IllegalArgumentException if the semaphore has no name
     */
    public static MeterBinder of(BoundedSemaphore semaphore) {
        Tags tags = tags("BoundedSemaphore", semaphore, semaphore.name());
        return registry -> {
            gauge(registry, "signalbox.semaphore.permits", tags.and("state", "available"),
                    semaphore, BoundedSemaphore::availablePermits, "permits available now");
            gauge(registry, "signalbox.semaphore.permits", tags.and("state", "used"),
                    semaphore, BoundedSemaphore::permitsInUse, "permits acquired, not released");
            gauge(registry, "signalbox.semaphore.bound", tags, semaphore,
                    BoundedSemaphore::bound, "the most permits that can be available");
            gauge(registry, "signalbox.semaphore.queued", tags, semaphore,
                    BoundedSemaphore::getQueueLength, "threads waiting for permits");
            waits(registry, tags, semaphore, BoundedSemaphore::contention);
        };
    }

    /**
     * Returns a binder for a barrier.
     *
     * @param barrier a barrier with a name
     * @return the binder
     * @throws IllegalArgumentException if the barrier has no name
     */
    public static MeterBinder of(Barrier barrier) {
        Tags tags = tags("Barrier", barrier, barrier.name());
        return registry -> {
            gauge(registry, "signalbox.barrier.parties", tags, barrier, Barrier::parties,
                    "parties that trip the barrier");
            gauge(registry, "signalbox.barrier.waiting", tags, barrier, Barrier::numberWaiting,
                    "parties waiting for this round's trip");
            gauge(registry, "signalbox.barrier.broken", tags, barrier,
                    b -> b.isBroken() ? 1 : 0, "1 while the barrier is broken");
            FunctionCounter.builder("signalbox.barrier.trips", barrier, Barrier::generation)
                    .tags(tags).description("rounds completed (tripped or broken)")
                    .register(registry);
            waits(registry, tags, barrier, Barrier::contention);
        };
    }

    /**
     * Returns a binder for an event.
     *
     * @param event an event with a name
     * @return the binder
     * @throws IllegalArgumentException if the event has no name
     */
    public static MeterBinder of(Event event) {
        return event("Event", event, event.name(), Event::isSet, Event::getWaiterCount,
                Event::contention);
    }

    /**
     * Returns a binder for an auto-reset event.
     *
     * @param event an event with a name
     * @return the binder
     * @throws IllegalArgumentException if the event has no name
     */
    public static MeterBinder of(AutoResetEvent event) {
        return event("AutoResetEvent", event, event.name(), AutoResetEvent::isSet,
                AutoResetEvent::getWaiterCount, AutoResetEvent::contention);
    }

    /** Both kinds of event: the flag, the waiters, the waits. */
    private static <T> MeterBinder event(String kind, T event, Optional<String> name,
            Predicate<T> isSet, ToDoubleFunction<T> waiters,
            Function<T, ContentionStats> contention) {
        Tags tags = tags(kind, event, name);
        return registry -> {
            gauge(registry, "signalbox.event.set", tags, event, e -> isSet.test(e) ? 1 : 0,
                    "1 while the flag is up");
            gauge(registry, "signalbox.event.waiting", tags, event, waiters,
                    "threads waiting for the flag");
            waits(registry, tags, event, contention);
        };
    }

    /**
     * Returns a binder for an {@code AtomicCounter} or a {@code BoundedCounter}.
     *
     * @param counter a counter with a name
     * @return the binder
     * @throws IllegalArgumentException if the counter has no name
     */
    public static MeterBinder of(WaitableCounter counter) {
        Tags tags = tags(counter.getClass().getSimpleName(), counter, counter.name());
        return registry -> {
            gauge(registry, "signalbox.counter.value", tags, counter, WaitableCounter::get,
                    "the counter's value");
            gauge(registry, "signalbox.counter.waiting", tags, counter,
                    WaitableCounter::getWaiterCount, "threads waiting for a value");
            waits(registry, tags, counter, WaitableCounter::contention);
        };
    }

    /**
     * Returns a binder for a wait group.
     *
     * @param group a group with a name
     * @return the binder
     * @throws IllegalArgumentException if the group has no name
     */
    public static MeterBinder of(WaitGroup group) {
        Tags tags = tags("WaitGroup", group, group.name());
        return registry -> {
            gauge(registry, "signalbox.counter.value", tags, group, WaitGroup::count,
                    "tasks not yet done");
            gauge(registry, "signalbox.counter.waiting", tags, group, WaitGroup::getWaiterCount,
                    "threads waiting for the count to reach zero");
            waits(registry, tags, group, WaitGroup::contention);
        };
    }

    /**
     * Returns a binder for a striped counter (its sum; nobody waits on it).
     *
     * @param counter a counter with a name
     * @return the binder
     * @throws IllegalArgumentException if the counter has no name
     */
    public static MeterBinder of(StripedCounter counter) {
        Tags tags = tags("StripedCounter", counter, counter.name());
        return registry -> gauge(registry, "signalbox.counter.value", tags, counter,
                StripedCounter::sum, "the sum of all updates");
    }

    private static Tags tags(String kind, Object primitive, Optional<String> name) {
        Objects.requireNonNull(primitive, "primitive");
        return Tags.of("primitive", kind, "name", name.orElseThrow(() ->
                new IllegalArgumentException("SignalboxMetrics: " + primitive + " has no name;"
                        + " metrics are tagged with it: build it with .name(...)")));
    }

    private static <T> void gauge(MeterRegistry registry, String name, Tags tags, T primitive,
            ToDoubleFunction<T> value, String description) {
        Gauge.builder(name, primitive, value).tags(tags).description(description)
                .register(registry);
    }

    private static <T> void waits(MeterRegistry registry, Tags tags, T primitive,
            Function<T, ContentionStats> stats) {
        ContentionStats s = stats.apply(primitive);
        FunctionTimer.builder("signalbox.wait", s, ContentionStats::waits,
                ContentionStats::totalWaitNanos, TimeUnit.NANOSECONDS).tags(tags)
                .description("waits for the primitive that ended, and their total time")
                .register(registry);
        TimeGauge.builder("signalbox.wait.max", s, TimeUnit.NANOSECONDS,
                ContentionStats::maxWaitNanos).tags(tags)
                .description("the longest single wait since the primitive was created")
                .register(registry);
        Gauge.builder("signalbox.wait.active", s, ContentionStats::waitingNow).tags(tags)
                .description("threads waiting now").register(registry);
        FunctionCounter.builder("signalbox.wait.timeouts", s, ContentionStats::timeouts)
                .tags(tags).description("waits that ran out of time").register(registry);
        FunctionCounter.builder("signalbox.wait.interrupts", s, ContentionStats::interrupts)
                .tags(tags).description("waits ended by an interrupt").register(registry);
    }
}
