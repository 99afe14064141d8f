/**
 * Events: {@link io.github.signalbox.events.Event}, a resettable level-triggered flag with Python
 * {@code threading.Event} semantics.
 */
package io.github.signalbox.events;
