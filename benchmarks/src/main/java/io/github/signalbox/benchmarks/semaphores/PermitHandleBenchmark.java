package io.github.signalbox.benchmarks.semaphores;

import io.github.signalbox.semaphores.BoundedSemaphore;
import io.github.signalbox.semaphores.Permit;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of the try-with-resources {@link Permit} (a handle that releases exactly once) against
 * the {@code acquire(); try { } finally { release(); }} idiom of a JDK semaphore, uncontended.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PermitHandleBenchmark {

    private final BoundedSemaphore bounded = new BoundedSemaphore(1);
    private final Semaphore jdk = new Semaphore(1, true);
    private int work;

    @Benchmark
    public int handle_signalbox() {
        try (Permit p = bounded.acquirePermitUninterruptibly()) {
            work += p.permits();
            return work;
        }
    }

    @Benchmark
    public int handle_jdkTryFinally() {
        jdk.acquireUninterruptibly();
        try {
            work += 1;
            return work;
        } finally {
            jdk.release();
        }
    }
}
