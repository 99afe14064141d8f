/**
 * Bounded semaphores: {@link io.github.signalbox.semaphores.BoundedSemaphore}, a counting
 * semaphore whose permits can never be released above its bound, with try-with-resources
 * {@link io.github.signalbox.semaphores.Permit} handles, a choice of
 * {@link io.github.signalbox.semaphores.Fairness}, and
 * {@link io.github.signalbox.semaphores.OverReleaseException} for a release beyond the bound.
 */
package io.github.signalbox.semaphores;
