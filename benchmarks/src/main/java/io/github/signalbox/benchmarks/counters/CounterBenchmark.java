package io.github.signalbox.benchmarks.counters;

import io.github.signalbox.counters.AtomicCounter;
import io.github.signalbox.counters.StripedCounter;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
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
 * Counter updates against their JDK counterparts: {@link AtomicCounter#increment()} vs
 * {@link AtomicLong#incrementAndGet()} at 1 and 2 threads (the waiting support must cost nothing
 * while nobody waits), and {@link StripedCounter#increment()} vs {@link LongAdder#increment()}
 * at 2 threads. Time per increment.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CounterBenchmark {

    private final AtomicCounter counter = new AtomicCounter();
    private final AtomicLong atomicLong = new AtomicLong();
    private final StripedCounter striped = new StripedCounter();
    private final LongAdder adder = new LongAdder();

    @Benchmark
    @Threads(1)
    public long increment1_signalbox() {
        return counter.increment();
    }

    @Benchmark
    @Threads(1)
    public long increment1_jdkAtomicLong() {
        return atomicLong.incrementAndGet();
    }

    @Benchmark
    @Threads(2)
    public long increment2_signalbox() {
        return counter.increment();
    }

    @Benchmark
    @Threads(2)
    public long increment2_jdkAtomicLong() {
        return atomicLong.incrementAndGet();
    }

    @Benchmark
    @Threads(2)
    public void striped2_signalbox() {
        striped.increment();
    }

    @Benchmark
    @Threads(2)
    public void striped2_jdkLongAdder() {
        adder.increment();
    }
}
