package io.github.signalbox.benchmarks.events;

import io.github.signalbox.events.AutoResetEvent;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

/**
 * The set-to-wake hand-off of {@link EventBenchmark} with more threads than a 2-core machine has
 * cores: two independent ping-pong pairs at once (4 threads), {@code AutoResetEvent} against
 * {@code Semaphore(0)}. Each thread takes a pair when its thread state is set up.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventOversubscribedBenchmark {

    static final int PAIRS = 2;

    final AutoResetEvent[] ping = {new AutoResetEvent(), new AutoResetEvent()};
    final AutoResetEvent[] pong = {new AutoResetEvent(), new AutoResetEvent()};
    final Semaphore[] pingPermit = {new Semaphore(0), new Semaphore(0)};
    final Semaphore[] pongPermit = {new Semaphore(0), new Semaphore(0)};
    final AtomicInteger pingers = new AtomicInteger();
    final AtomicInteger pongers = new AtomicInteger();

    /** Which pair a pinging thread plays in. */
    @State(Scope.Thread)
    public static class PingSide {
        int pair;

        @Setup
        public void join(EventOversubscribedBenchmark b) {
            pair = b.pingers.getAndIncrement() % PAIRS;
        }
    }

    /** Which pair a ponging thread plays in. */
    @State(Scope.Thread)
    public static class PongSide {
        int pair;

        @Setup
        public void join(EventOversubscribedBenchmark b) {
            pair = b.pongers.getAndIncrement() % PAIRS;
        }
    }

    @Benchmark
    @Group("pingPong4Threads_signalbox")
    @GroupThreads(PAIRS)
    public void pingEvent(PingSide side, Control control) throws InterruptedException {
        ping[side.pair].set();
        Waits.until(pong[side.pair]::await, control);
    }

    @Benchmark
    @Group("pingPong4Threads_signalbox")
    @GroupThreads(PAIRS)
    public void pongEvent(PongSide side, Control control) throws InterruptedException {
        if (Waits.until(ping[side.pair]::await, control)) {
            pong[side.pair].set();
        }
    }

    @Benchmark
    @Group("pingPong4Threads_jdkSemaphore")
    @GroupThreads(PAIRS)
    public void pingSemaphore(PingSide side, Control control) throws InterruptedException {
        pingPermit[side.pair].release();
        Waits.until(pongPermit[side.pair]::tryAcquire, control);
    }

    @Benchmark
    @Group("pingPong4Threads_jdkSemaphore")
    @GroupThreads(PAIRS)
    public void pongSemaphore(PongSide side, Control control) throws InterruptedException {
        if (Waits.until(pingPermit[side.pair]::tryAcquire, control)) {
            pongPermit[side.pair].release();
        }
    }
}
