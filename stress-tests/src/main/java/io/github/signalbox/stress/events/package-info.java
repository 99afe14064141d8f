/**
 * jcstress tests of {@link io.github.signalbox.events.Event} and
 * {@link io.github.signalbox.events.AutoResetEvent}. Run one alone with
 * {@code java -jar stress-tests/target/jcstress.jar -t EventSetWakesWaiter}.
 */
package io.github.signalbox.stress.events;
