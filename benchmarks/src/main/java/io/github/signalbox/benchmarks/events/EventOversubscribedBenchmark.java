package io.github.signalbox.benchmarks.events;

import io.github.signalbox.events.AutoResetEvent;
import java.util.concurrent.Semaphore;
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
import org.openjdk.jmh.infra.ThreadParams;

/**
 * The set-to-wake hand-off of {@link EventBenchmark} with more threads than a 2-core machine has
 * cores: two independent ping-pong pairs at once (4 threads), {@code AutoResetEvent} against
 * {@code Semaphore(0)}. A thread's pair is its index among the threads running its method.
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

    @Benchmark
    @Group("pingPong4Threads_signalbox")
    @GroupThreads(PAIRS)
    public void pingEvent(ThreadParams thread, Control control) throws InterruptedException {
        ping[pair(thread)].set();
        Waits.until(pong[pair(thread)]::await, control);
    }

    @Benchmark
    @Group("pingPong4Threads_signalbox")
    @GroupThreads(PAIRS)
    public void pongEvent(ThreadParams thread, Control control) throws InterruptedException {
        if (Waits.until(ping[pair(thread)]::await, control)) {
            pong[pair(thread)].set();
        }
    }

    @Benchmark
    @Group("pingPong4Threads_jdkSemaphore")
    @GroupThreads(PAIRS)
    public void pingSemaphore(ThreadParams thread, Control control) throws InterruptedException {
        pingPermit[pair(thread)].release();
        Waits.until(pongPermit[pair(thread)]::tryAcquire, control);
    }

    @Benchmark
    @Group("pingPong4Threads_jdkSemaphore")
    @GroupThreads(PAIRS)
    public void pongSemaphore(ThreadParams thread, Control control) throws InterruptedException {
        if (Waits.until(pingPermit[pair(thread)]::tryAcquire, control)) {
            pongPermit[pair(thread)].release();
        }
    }

    /** The pair a thread plays in: its index among the group's threads running its method. */
    private static int pair(ThreadParams thread) {
        return thread.getSubgroupThreadIndex() % PAIRS;
    }
}
