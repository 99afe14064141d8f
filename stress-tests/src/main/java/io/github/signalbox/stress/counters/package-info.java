/**
 * jcstress tests of the counters. Run one alone with
 * {@code java -jar stress-tests/target/jcstress.jar -t CounterTests.IncrementsNeverLost}.
 */
package io.github.signalbox.stress.counters;
