package io.github.signalbox.benchmarks.locks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * "Who wins": one reader thread and one writer thread, both saturating the lock. The throughput
 * of each side shows the policy: a reader-preference lock should give readers most
 * acquisitions, a writer-preference lock writers, a fair lock about half each.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WhoWinsBenchmark extends LockBenchmarkBase {

    @Benchmark
    @Group("whoWins")
    @GroupThreads(1)
    public long reader() {
        return read();
    }

    @Benchmark
    @Group("whoWins")
    @GroupThreads(1)
    public long writer() {
        return write();
    }
}
