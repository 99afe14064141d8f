package io.github.signalbox.benchmarks.events;

import io.github.signalbox.events.AutoResetEvent;
import io.github.signalbox.events.Event;
import java.util.concurrent.CountDownLatch;
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

/**
 * Events against their JDK counterparts: the cost of checking a set flag
 * ({@code Event.isSet()} vs {@code CountDownLatch.getCount() == 0}), one uncontended
 * set/await/clear cycle (vs a fresh {@code CountDownLatch(1)} counted down and awaited), and the
 * set-to-wake hand-off between two threads ({@code AutoResetEvent} ping-pong vs
 * {@code Semaphore(0)} ping-pong; a CountDownLatch cannot be reused for that). The same
 * ping-pong with more threads than cores: {@link EventOversubscribedBenchmark}.
 */
@State(Scope.Group)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EventBenchmark {

    private final Event setEvent = new Event();
    private final CountDownLatch openLatch = new CountDownLatch(0);
    private final Event cycled = new Event();

    private final AutoResetEvent ping = new AutoResetEvent();
    private final AutoResetEvent pong = new AutoResetEvent();
    private final Semaphore pingPermit = new Semaphore(0);
    private final Semaphore pongPermit = new Semaphore(0);

    public EventBenchmark() {
        setEvent.set();
    }

    @Benchmark
    @Group("isSet_signalbox")
    public boolean isSetEvent() {
        return setEvent.isSet();
    }

    @Benchmark
    @Group("isSet_jdkLatch")
    public boolean isSetLatch() {
        return openLatch.getCount() == 0;
    }

    @Benchmark
    @Group("cycle_signalbox")
    public boolean cycleEvent() throws InterruptedException {
        cycled.set();
        cycled.await();
        cycled.clear();
        return cycled.isSet();
    }

    @Benchmark
    @Group("cycle_jdkLatch")
    public long cycleLatch() throws InterruptedException {
        CountDownLatch latch = new CountDownLatch(1);
        latch.countDown();
        latch.await();
        return latch.getCount();
    }

    @Benchmark
    @Group("pingPong_signalbox")
    @GroupThreads(1)
    public void pingEvent(Control control) throws InterruptedException {
        ping.set();
        if (!Waits.until(pong::await, control)) {
            return;
        }
    }

    @Benchmark
    @Group("pingPong_signalbox")
    @GroupThreads(1)
    public void pongEvent(Control control) throws InterruptedException {
        if (!Waits.until(ping::await, control)) {
            return;
        }
        pong.set();
    }

    @Benchmark
    @Group("pingPong_jdkSemaphore")
    @GroupThreads(1)
    public void pingSemaphore(Control control) throws InterruptedException {
        pingPermit.release();
        if (!Waits.until(pongPermit::tryAcquire, control)) {
            return;
        }
    }

    @Benchmark
    @Group("pingPong_jdkSemaphore")
    @GroupThreads(1)
    public void pongSemaphore(Control control) throws InterruptedException {
        if (!Waits.until(pingPermit::tryAcquire, control)) {
            return;
        }
        pongPermit.release();
    }
}
