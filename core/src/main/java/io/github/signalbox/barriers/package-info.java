/**
 * Barriers: {@link io.github.signalbox.barriers.Barrier}, a cyclic meeting point with Python
 * {@code threading.Barrier} semantics (arrival index, action per trip, abort, reset, broken state),
 * a selectable {@link io.github.signalbox.barriers.TimeoutPolicy} and dynamic parties.
 */
package io.github.signalbox.barriers;
