/**
 * Finding real deadlocks among signalbox primitives, read locks and permits included:
 * {@link io.github.signalbox.diagnostics.Deadlocks#find()} on demand, or a
 * {@link io.github.signalbox.diagnostics.DeadlockWatchdog} started by the application.
 */
package io.github.signalbox.diagnostics;
