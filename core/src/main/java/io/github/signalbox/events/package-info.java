/**
 * Events: {@link io.github.signalbox.events.Event}, a resettable level-triggered flag with Python
 * {@code threading.Event} semantics (and a {@code CompletableFuture} view), and
 * {@link io.github.signalbox.events.AutoResetEvent}, an edge-triggered event in the style of
 * .NET's {@code AutoResetEvent} that lets one waiter through per {@code set()}.
 */
package io.github.signalbox.events;
