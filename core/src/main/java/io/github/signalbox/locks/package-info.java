/**
 * Readers-writers locks with a selectable policy: {@link io.github.signalbox.locks.ReadersWritersLock}
 * and {@link io.github.signalbox.locks.ReadersWritersPolicy}.
 */
package io.github.signalbox.locks;
