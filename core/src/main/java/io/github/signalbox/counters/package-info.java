/**
 * Counters: {@link io.github.signalbox.counters.AtomicCounter} (a linearizable long counter you
 * can wait on), {@link io.github.signalbox.counters.BoundedCounter} (checked arithmetic within a
 * range), {@link io.github.signalbox.counters.StripedCounter} (write-heavy statistics) and
 * {@link io.github.signalbox.counters.WaitGroup} (wait for a group of tasks).
 * {@link io.github.signalbox.counters.WaitableCounter} holds the waiting operations the first two
 * share (and makes them {@link java.lang.Number}s); a checked update out of range throws
 * {@link io.github.signalbox.counters.CounterOverflowException}.
 */
package io.github.signalbox.counters;
