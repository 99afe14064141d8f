/**
 * The JFR event types (category "signalbox"). Loaded only through
 * {@link io.github.signalbox.internal.Jfr}, never directly. Not an API.
 */
package io.github.signalbox.internal.jfr;
