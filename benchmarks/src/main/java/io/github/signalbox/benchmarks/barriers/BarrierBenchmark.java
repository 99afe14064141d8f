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
 * A barrier round trip: the benchmark thread and {@code parties - 1} partner threads meet at the
 * barrier over and over; time per round as seen by the benchmark thread (4 parties on a 2-core
 * machine: threads outnumber cores, so what parking and spinning cost shows). {@link
 * io.github.signalbox.barriers.Barrier} against {@link java.util.concurrent.CyclicBarrier} and
 * {@link java.util.concurrent.Phaser}, and the floor under all three when parties outnumber
 * cores ({@link BarrierKind#THREAD_SWITCHES}: the same threads only yielding). The partners are plain threads started per iteration and
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

    @Param({"2", "4"})
    public int parties;

    private BarrierKind.Meeting meeting;
    private Thread[] partners;
    private volatile boolean stopped;

    @Setup(Level.Iteration)
    public void startPartners() {
        meeting = kind.create(parties);
        stopped = false;
        BarrierKind.Meeting m = meeting;
        partners = new Thread[parties - 1];
        for (int i = 0; i < partners.length; i++) {
            partners[i] = new Thread(() -> {
                while (!stopped && m.await()) {
                    // meet again
                }
            }, "barrier-partner-" + i);
            partners[i].setDaemon(true);
            partners[i].start();
        }
    }

    @TearDown(Level.Iteration)
    public void stopPartners() throws InterruptedException {
        stopped = true;
        for (Thread partner : partners) {
            while (partner.isAlive()) { // a CyclicBarrier reset lets a late arrival wait again
                meeting.shutDown();
                partner.join(10);
            }
        }
    }

    @Benchmark
    public boolean roundTrip() {
        return meeting.await();
    }
}
