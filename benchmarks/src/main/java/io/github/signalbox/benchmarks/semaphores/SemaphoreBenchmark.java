package io.github.signalbox.benchmarks.semaphores;

import io.github.signalbox.semaphores.BoundedSemaphore;
import java.util.concurrent.TimeUnit;
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
 * {@link BoundedSemaphore} against {@link java.util.concurrent.Semaphore} of the same fairness
 * (FIFO vs fair, BARGING vs nonfair): an uncontended acquire+release pair in one thread, and a
 * one-permit semaphore handed back and forth by two threads that each acquire and release in a
 * loop (and the same with 4 threads, which outnumber the cores of a 2-core machine). Time per
 * acquire+release pair.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SemaphoreBenchmark {

    @Param
    public SemaphoreKind kind;

    private SemaphoreKind.Sem sem;

    @Setup
    public void setUp() {
        sem = kind.create();
    }

    @Benchmark
    public void uncontended() {
        sem.acquire();
        sem.release();
    }

    @Benchmark
    @Threads(2)
    public void handOff() {
        sem.acquire();
        sem.release();
    }

    /** The same hand-off with 4 threads on a 2-core machine: threads outnumber cores. */
    @Benchmark
    @Threads(4)
    public void handOffOversubscribed() {
        sem.acquire();
        sem.release();
    }
}
