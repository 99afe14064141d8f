package io.github.signalbox.benchmarks.locks;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time per acquire+release of readers-writers locks: uncontended read and write, two threads
 * reading, two threads writing, and two threads at 90% reads / 10% writes. Every lock kind runs
 * in the same JMH run, so the ratios against {@code ReentrantReadWriteLock} compare like with
 * like.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReadWriteLockBenchmark extends LockBenchmarkBase {

    @Benchmark
    @Threads(1)
    public long uncontendedRead() {
        return read();
    }

    @Benchmark
    @Threads(1)
    public long uncontendedWrite() {
        return write();
    }

    @Benchmark
    @Threads(2)
    public long twoThreadsReadOnly() {
        return read();
    }

    @Benchmark
    @Threads(2)
    public long twoThreadsWriteOnly() {
        return write();
    }

    /** Writers only, 4 threads: on a 2-core machine threads outnumber cores (oversubscribed). */
    @Benchmark
    @Threads(4)
    public long fourThreadsWriteOnly() {
        return write();
    }

    @Benchmark
    @Threads(2)
    public long twoThreads90Read10Write() {
        return ThreadLocalRandom.current().nextInt(10) == 0 ? write() : read();
    }
}
