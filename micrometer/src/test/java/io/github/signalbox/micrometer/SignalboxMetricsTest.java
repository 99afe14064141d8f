package io.github.signalbox.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.Guard;
import io.github.signalbox.barriers.Barrier;
import io.github.signalbox.counters.AtomicCounter;
import io.github.signalbox.counters.BoundedCounter;
import io.github.signalbox.counters.StripedCounter;
import io.github.signalbox.counters.WaitGroup;
import io.github.signalbox.events.AutoResetEvent;
import io.github.signalbox.events.Event;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.semaphores.BoundedSemaphore;
import io.github.signalbox.semaphores.Permit;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The binders on a SimpleMeterRegistry: names, tags, gauge values and the wait timer. */
class SignalboxMetricsTest {

    private final MeterRegistry registry = new SimpleMeterRegistry();

    private double gauge(String name, String primitive, String... tags) {
        return registry.get(name).tag("name", primitive).tags(tags).gauge().value();
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.onSpinWait();
        }
    }

    private static Thread parked(Runnable body) {
        Thread t = new Thread(body);
        t.start();
        awaitTrue("the thread parks", () -> LockSupport.getBlocker(t) != null);
        return t;
    }

    @Test
    void lockGaugesAndTheWaitTimer() throws Exception {
        ReadersWritersLock lock = ReadersWritersLock.builder().name("prices").build();
        SignalboxMetrics.of(lock).bindTo(registry);
        Thread reader;
        try (Guard g = lock.write()) {
            assertEquals(1.0, gauge("signalbox.lock.holders", "prices", "mode", "write"));
            reader = parked(() -> lock.read().close());
            assertEquals(1.0, gauge("signalbox.lock.queued", "prices", "mode", "read"));
            assertEquals(0.0, gauge("signalbox.lock.queued", "prices", "mode", "write"));
            assertEquals(1.0, gauge("signalbox.wait.active", "prices"));
        }
        reader.join();
        FunctionTimer waits = registry.get("signalbox.wait").tag("name", "prices")
                .tag("primitive", "ReadersWritersLock").functionTimer();
        assertEquals(1.0, waits.count());
        assertTrue(waits.totalTime(TimeUnit.NANOSECONDS) > 0);
        assertTrue(registry.get("signalbox.wait.max").tag("name", "prices").timeGauge()
                .value(TimeUnit.NANOSECONDS) > 0);
        try (Guard g = lock.read()) {
            assertEquals(1.0, gauge("signalbox.lock.holders", "prices", "mode", "read"));
            assertEquals(0.0, gauge("signalbox.lock.holders", "prices", "mode", "write"));
        }
    }

    @Test
    void semaphoreGaugesAndTimeouts() throws Exception {
        BoundedSemaphore pool = BoundedSemaphore.builder(3).name("pool").build();
        SignalboxMetrics.of(pool).bindTo(registry);
        try (Permit p = pool.acquirePermits(3)) {
            assertEquals(0.0, gauge("signalbox.semaphore.permits", "pool", "state", "available"));
            assertEquals(3.0, gauge("signalbox.semaphore.permits", "pool", "state", "used"));
            assertEquals(3.0, gauge("signalbox.semaphore.bound", "pool"));
            assertTrue(!pool.tryAcquire(Duration.ofMillis(5)));
        }
        FunctionCounter timeouts = registry.get("signalbox.wait.timeouts").tag("name", "pool")
                .functionCounter();
        assertEquals(1.0, timeouts.count());
        assertEquals(3.0, gauge("signalbox.semaphore.permits", "pool", "state", "available"));
    }

    @Test
    void barrierEventsAndCounters() throws Exception {
        Barrier barrier = Barrier.builder(2).name("phase").build();
        Event ready = Event.builder().name("ready").build();
        AutoResetEvent work = AutoResetEvent.builder().name("work").build();
        AtomicCounter done = AtomicCounter.builder().name("done").initial(4).build();
        BoundedCounter stock = BoundedCounter.builder(0, 10).name("stock").initial(7).build();
        WaitGroup group = WaitGroup.builder().name("uploads").build();
        StripedCounter hits = StripedCounter.builder().name("hits").build();
        for (var binder : new io.micrometer.core.instrument.binder.MeterBinder[] {
                SignalboxMetrics.of(barrier), SignalboxMetrics.of(ready),
                SignalboxMetrics.of(work), SignalboxMetrics.of(done),
                SignalboxMetrics.of(stock), SignalboxMetrics.of(group),
                SignalboxMetrics.of(hits)}) {
            binder.bindTo(registry);
        }
        Thread party = parked(() -> {
            try {
                barrier.await();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        assertEquals(1.0, gauge("signalbox.barrier.waiting", "phase"));
        assertEquals(2.0, gauge("signalbox.barrier.parties", "phase"));
        barrier.await();
        party.join();
        assertEquals(1.0, registry.get("signalbox.barrier.trips").tag("name", "phase")
                .functionCounter().count());
        assertEquals(0.0, gauge("signalbox.barrier.broken", "phase"));
        ready.set();
        assertEquals(1.0, gauge("signalbox.event.set", "ready"));
        assertEquals(0.0, gauge("signalbox.event.set", "work"));
        assertEquals(4.0, gauge("signalbox.counter.value", "done"));
        assertEquals(7.0, gauge("signalbox.counter.value", "stock"));
        group.add(2);
        assertEquals(2.0, gauge("signalbox.counter.value", "uploads"));
        hits.add(5);
        assertEquals(5.0, gauge("signalbox.counter.value", "hits"));
        assertEquals("AtomicCounter", registry.get("signalbox.counter.value").tag("name", "done")
                .gauge().getId().getTag("primitive"));
    }

    @Test
    void anUnnamedPrimitiveIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SignalboxMetrics.of(new ReadersWritersLock()));
        assertTrue(e.getMessage().contains("has no name"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> SignalboxMetrics.of(new BoundedSemaphore(1)));
    }
}
