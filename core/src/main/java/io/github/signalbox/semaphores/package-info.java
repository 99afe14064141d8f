/**
 * Bounded semaphores: {@link io.github.signalbox.semaphores.BoundedSemaphore}, a counting
 * semaphore whose permits can never be released above its bound, with try-with-resources
 * {@link io.github.signalbox.semaphores.Permit} handles.
 */
package io.github.signalbox.semaphores;
