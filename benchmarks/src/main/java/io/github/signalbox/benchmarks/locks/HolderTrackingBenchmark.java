package io.github.signalbox.benchmarks.locks;

import io.github.signalbox.locks.ReadersWritersLock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What read-holder tracking (for the deadlock detector) costs an uncontended read lock and unlock:
 * a lock built with {@code trackHolders()} against the same lock without it. Tracking is off by
 * default; this is the price of turning it on for one lock.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HolderTrackingBenchmark {

    /** SB_TRACKED: built with trackHolders(); UNTRACKED (the baseline): the same lock without. */
    @Param({"UNTRACKED", "SB_TRACKED"})
    public String kind;

    private Lock read;
    private long value;

    @Setup
    public void setUp() {
        ReadersWritersLock.Builder b = ReadersWritersLock.builder().name("bench");
        read = (kind.equals("SB_TRACKED") ? b.trackHolders() : b).build().readLock();
    }

    @Benchmark
    @Threads(1)
    public long uncontendedRead() {
        read.lock();
        try {
            return value;
        } finally {
            read.unlock();
        }
    }
}
