package io.github.signalbox.benchmarks.ordering;

import io.github.signalbox.ordering.LockOrdering;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of lock-order checking: one thread takes {@code depth} locks nested (in a consistent
 * order, so the checks pass) and releases them, with {@link LockOrdering} checked and disabled, with
 * Guava's CycleDetectingLockFactory, and with plain ReentrantLocks. Checking overhead = checked
 * time minus plain time, per kind; the goal is ours at most half of Guava's, and DISABLED within
 * 5% of the plain lock.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class OrderingBenchmark {

    @Param
    public OrderingKind kind;

    @Param({"1", "2", "5"})
    public int depth;

    private Lock[] locks;

    @Setup
    public void setUp() {
        locks = kind.newLocks(depth);
    }

    @Benchmark
    public void nested() {
        Lock[] l = locks;
        for (int i = 0; i < l.length; i++) {
            l[i].lock();
        }
        for (int i = l.length - 1; i >= 0; i--) {
            l[i].unlock();
        }
    }
}
