/**
 * Helpers shared by several families (timeouts, spinning). Not exported by the module; not an
 * API.
 */
package io.github.signalbox.internal;
