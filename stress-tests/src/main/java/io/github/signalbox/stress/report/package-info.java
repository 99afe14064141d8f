/**
 * The evidence generator: turns the machine-readable results of a full verification run (jcstress
 * result files, Surefire XML of the Lincheck tests, JMH JSON, the readers-writers starvation
 * table) into {@code docs/stress-report.md} and {@code docs/benchmarks.md} with SVG charts. Run by
 * {@code scripts/full-verification}; see {@link io.github.signalbox.stress.report.Reports}.
 */
package io.github.signalbox.stress.report;
