/**
 * jcstress tests of {@link io.github.signalbox.semaphores.BoundedSemaphore}. Run one alone with
 * {@code java -jar stress-tests/target/jcstress.jar -t SemaphoreTests.LastPermitTakenOnce}.
 */
package io.github.signalbox.stress.semaphores;
