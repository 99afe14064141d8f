/**
 * signalbox: synchronization primitives with the correctness of {@code java.util.concurrent},
 * the vocabulary of Python's {@code threading} and guards in the style of Rust's
 * {@code parking_lot}.
 *
 * <h2>Families</h2>
 * <ul>
 *   <li>{@link io.github.signalbox.locks} &mdash; readers-writers locks with a selectable policy
 *       (reader preference, writer preference, fair service order).</li>
 *   <li>{@link io.github.signalbox.semaphores} &mdash; bounded semaphores with permit handles.</li>
 *   <li>{@link io.github.signalbox.events} &mdash; level-triggered and auto-reset events.</li>
 *   <li>{@link io.github.signalbox.barriers} &mdash; cyclic barriers with Python semantics.</li>
 *   <li>{@link io.github.signalbox.counters} &mdash; counters you can wait on, bounded counters,
 *       striped counters and wait groups.</li>
 *   <li>{@link io.github.signalbox.ordering} &mdash; lock ordering: ranked locks, sets of locks
 *       taken in one global order, and detection of the circular waits behind deadlocks.</li>
 * </ul>
 *
 * <p>{@link io.github.signalbox.Guard} is the try-with-resources handle every family returns.
 *
 * <h2 id="memory-visibility">Memory visibility</h2>
 * Every primitive in this library gives the same guarantee as the {@code java.util.concurrent}
 * class it resembles, stated once here and referred to by each class:
 * <ul>
 *   <li>A <em>release</em> action (unlocking a lock, releasing a permit, setting an event,
 *       arriving at a barrier) <em>happens-before</em> every <em>acquire</em> action that
 *       observes its effect (the lock acquisition that follows the unlock, the acquisition of the
 *       released permit, the return of an {@code await} that saw the event set, the return of
 *       every party from the barrier trip).</li>
 *   <li>So all the writes a thread makes before a release are visible to a thread after the
 *       matching acquire, exactly as with {@code synchronized} blocks or
 *       {@link java.util.concurrent.locks.ReentrantLock}.</li>
 *   <li>Introspection methods (counts, {@code toString()}) read volatile state but are
 *       snapshots meant for monitoring and debugging, not for synchronization control.</li>
 * </ul>
 *
 * <h2>Conventions shared by all families</h2>
 * <ul>
 *   <li>Every blocking operation comes in four flavours: uninterruptible, interruptible, try
 *       (no wait) and timed (both {@link java.time.Duration} and {@code long, TimeUnit}).</li>
 *   <li>Names follow the JDK counterpart: lock verbs ({@code lock}, {@code hold}, {@code read},
 *       {@code write}) wait uninterruptibly and have {@code ...Interruptibly} forms; permit and
 *       waiting verbs ({@code acquire}, {@code await}) are interruptible and have
 *       {@code ...Uninterruptibly} forms; {@code try...} never throws for a timeout.</li>
 *   <li>Every acquire-style operation also has a try-with-resources form returning a
 *       {@link io.github.signalbox.Guard}. A timed guard acquisition throws
 *       {@link java.util.concurrent.TimeoutException} when the time runs out, so the body of the
 *       {@code try} block only ever runs while the resource is held; its {@code try...} form
 *       returns an empty {@link java.util.Optional} instead. Locks and semaphores also take a
 *       lambda ({@code withRead}, {@code withWrite}, {@code withHold}, {@code withPermit}).</li>
 *   <li>Misuse (releasing what the thread does not hold, overflows, {@code null} arguments) throws
 *       a specific exception and leaves the primitive exactly as it was.</li>
 *   <li>A waiter that is interrupted or times out leaves its queue as if it had never come and
 *       wakes whoever it was holding back.</li>
 * </ul>
 */
package io.github.signalbox;
