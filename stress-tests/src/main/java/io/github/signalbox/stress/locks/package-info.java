/**
 * jcstress tests of {@link io.github.signalbox.locks.ReadersWritersLock}, one nested test class
 * per policy. Run one test alone with
 * {@code java -jar stress-tests/target/jcstress.jar -t WriteWriteExclusion}.
 */
package io.github.signalbox.stress.locks;
