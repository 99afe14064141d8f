package io.github.signalbox.benchmarks.barriers;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under {@link BarrierBenchmark}'s round trip on this host: the same threads as a
 * barrier of {@code parties} (the benchmark thread and {@code parties - 1} partners), each only
 * calling {@link Thread#yield()} in a loop; time per yield as seen by the benchmark thread.
 *
 * <p>With more parties than cores, every party must run once per barrier round, so each core
 * switches between its threads at least once per thread per round: with 4 parties on 2 cores,
 * two thread switches per core per round. Here, with 4 threads on 2 cores, a yield of the
 * benchmark thread returns after its own switch and its core-mate's, the same two switches, so
 * no barrier (and no other primitive whose 4 threads on 2 cores must all run once per operation)
 * can do a 4-party round faster than this on the same host. With 2 parties on 2 cores nobody
 * switches, and a yield is the cost of the system call alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ThreadSwitchBenchmark {

    @Param({"2", "4"})
    public int parties;

    private Thread[] partners;
    private volatile boolean stopped;

    @Setup(Level.Iteration)
    public void startPartners() {
        stopped = false;
        partners = new Thread[parties - 1];
        for (int i = 0; i < partners.length; i++) {
            partners[i] = new Thread(() -> {
                while (!stopped) {
                    Thread.yield();
                }
            }, "yielding-partner-" + i);
            partners[i].setDaemon(true);
            partners[i].start();
        }
    }

    @TearDown(Level.Iteration)
    public void stopPartners() throws InterruptedException {
        stopped = true;
        for (Thread partner : partners) {
            partner.join();
        }
    }

    @Benchmark
    public void yieldAmongParties() {
        Thread.yield();
    }
}
