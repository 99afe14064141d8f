package io.github.signalbox.benchmarks.events;

import io.github.signalbox.events.Event;
import java.util.concurrent.CountDownLatch;
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
import org.openjdk.jmh.infra.Control;

/**
 * Set-to-wake latency: two threads wake each other in turn, one round trip (two set-to-wake
 * hand-offs) per operation. {@link Event} (set, await, clear) against the one-shot
 * {@link CountDownLatch}: a latch cannot be reset, so each round uses a fresh pair of latches,
 * linked from the previous round (the cheapest correct way to reuse latches for this). Waits
 * are 1 ms timed waits in a loop so that a thread never waits for a partner that stopped.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventLatencyBenchmark {

    private final Event ping = new Event();
    private final Event pong = new Event();

    /** One round of the latch version; the next round is linked before the ping is counted down. */
    static final class Round {
        final CountDownLatch ping = new CountDownLatch(1);
        final CountDownLatch pong = new CountDownLatch(1);
        Round next;
    }

    private Round pinger = new Round();
    private Round ponger = pinger;

    @Benchmark
    @Group("wake_signalbox")
    @GroupThreads(1)
    public void pingEvent(Control control) throws InterruptedException {
        ping.set();
        if (!Waits.until(pong::await, control)) {
            return;
        }
        pong.clear();
    }

    @Benchmark
    @Group("wake_signalbox")
    @GroupThreads(1)
    public void pongEvent(Control control) throws InterruptedException {
        if (!Waits.until(ping::await, control)) {
            return;
        }
        ping.clear();
        pong.set();
    }

    @Benchmark
    @Group("wake_jdkLatch")
    @GroupThreads(1)
    public void pingLatch(Control control) throws InterruptedException {
        Round r = pinger;
        if (r.next == null) { // null unless a stopped iteration left this round half done
            r.next = new Round();
        }
        r.ping.countDown();
        if (!Waits.until(r.pong::await, control)) {
            return;
        }
        pinger = r.next;
    }

    @Benchmark
    @Group("wake_jdkLatch")
    @GroupThreads(1)
    public void pongLatch(Control control) throws InterruptedException {
        Round r = ponger;
        if (!Waits.until(r.ping::await, control)) {
            return;
        }
        ponger = r.next;
        r.pong.countDown();
    }
}
