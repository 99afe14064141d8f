/**
 * jcstress tests of {@link io.github.signalbox.barriers.Barrier}. Run one alone with
 * {@code java -jar stress-tests/target/jcstress.jar -t BarrierTests.TripWakesParkedParty}.
 */
package io.github.signalbox.stress.barriers;
