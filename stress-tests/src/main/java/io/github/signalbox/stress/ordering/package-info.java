/**
 * jcstress tests of the lock-ordering family ({@link io.github.signalbox.ordering.LockSet},
 * {@link io.github.signalbox.ordering.LockOrdering}). Run one alone with
 * {@code java -jar stress-tests/target/jcstress.jar -t OrderingTests.CrossingSetsTerminate}.
 */
package io.github.signalbox.stress.ordering;
