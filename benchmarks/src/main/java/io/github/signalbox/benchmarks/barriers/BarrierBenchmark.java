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
 * A 2-party barrier round trip: the benchmark thread and a partner thread meet at the barrier
 * over and over; time per round as seen by the benchmark thread. {@link
 * io.github.signalbox.barriers.Barrier} against {@link java.util.concurrent.CyclicBarrier} and
 * {@link java.util.concurrent.Phaser}. The partner is a plain thread started per iteration and
 * released at its end by breaking (or terminating) the barrier, so no measured thread is ever
 * left waiting for a partner that stopped.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class BarrierBenchmark {

    @Param
    public BarrierKind kind;

    private BarrierKind.Meeting meeting;
    private Thread partner;
    private volatile boolean stopped;

    @Setup(Level.Iteration)
    public void startPartner() {
        meeting = kind.create();
        stopped = false;
        BarrierKind.Meeting m = meeting;
        partner = new Thread(() -> {
            while (!stopped && m.await()) {
                // meet again
            }
        }, "barrier-partner");
        partner.setDaemon(true);
        partner.start();
    }

    @TearDown(Level.Iteration)
    public void stopPartner() throws InterruptedException {
        stopped = true;
        while (partner.isAlive()) { // a CyclicBarrier reset lets a late arrival wait again
            meeting.shutDown();
            partner.join(10);
        }
    }

    @Benchmark
    public boolean roundTrip() {
        return meeting.await();
    }
}
