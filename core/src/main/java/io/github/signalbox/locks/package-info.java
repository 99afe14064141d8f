/**
 * Readers-writers locks with a selectable policy: {@link io.github.signalbox.locks.ReadersWritersLock},
 * {@link io.github.signalbox.locks.ReadersWritersPolicy} (reader preference, writer preference,
 * fair service order) and {@link io.github.signalbox.locks.LockUpgradeException}, thrown when a
 * thread holding only the read lock asks for the write lock.
 */
package io.github.signalbox.locks;
