/**
 * Lock ordering: preventing and detecting the circular wait behind deadlocks.
 *
 * <p>A deadlock needs four conditions at once — mutual exclusion, hold and wait, no preemption
 * and circular wait — and circular wait is the one an application controls. This package removes
 * it in two ways:
 * <ul>
 *   <li><b>Prevention.</b> {@link io.github.signalbox.ordering.LockSet} acquires a set of locks in
 *       one canonical order (all four flavours, all-or-nothing), and ranked locks
 *       ({@link io.github.signalbox.ordering.LockOrdering#newLock(String, int)} or by an enum) must
 *       be taken in increasing rank. {@link io.github.signalbox.ordering.Backoff} is randomized
 *       exponential backoff for the retry loops that remain.</li>
 *   <li><b>Detection.</b> A {@link io.github.signalbox.ordering.LockOrdering} records which lock
 *       was taken while holding which, across all threads, and hands any acquisition that would
 *       close a cycle to its {@link io.github.signalbox.ordering.OrderingPolicy}: throw, warn or
 *       nothing at all.</li>
 * </ul>
 *
 * <p>The classes: {@link io.github.signalbox.ordering.LockOrdering} (creates the locks and keeps
 * the graph), {@link io.github.signalbox.ordering.OrderedLock} and
 * {@link io.github.signalbox.ordering.OrderedReadWriteLock} (the locks it creates),
 * {@link io.github.signalbox.ordering.LockSet}, {@link io.github.signalbox.ordering.Backoff},
 * {@link io.github.signalbox.ordering.OrderingPolicy} and its ready-made
 * {@link io.github.signalbox.ordering.OrderingPolicies}, and what a violation reports:
 * {@link io.github.signalbox.ordering.PotentialDeadlockException} with the
 * {@link io.github.signalbox.ordering.AcquiredBefore} edges of the cycle.
 */
package io.github.signalbox.ordering;
