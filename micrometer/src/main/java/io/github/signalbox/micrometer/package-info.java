/**
 * Micrometer binders for named signalbox primitives: {@link
 * io.github.signalbox.micrometer.SignalboxMetrics}.
 */
package io.github.signalbox.micrometer;
