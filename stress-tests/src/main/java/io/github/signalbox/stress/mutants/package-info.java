/**
 * jcstress tests run against the deliberately broken locks of
 * {@link io.github.signalbox.locks.Mutants}. Every test here must FAIL; the test command runs them
 * separately and fails if any of them passes.
 */
package io.github.signalbox.stress.mutants;
