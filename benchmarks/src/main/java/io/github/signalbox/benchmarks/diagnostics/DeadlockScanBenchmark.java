package io.github.signalbox.benchmarks.diagnostics;

import io.github.signalbox.diagnostics.DeadlockReport;
import io.github.signalbox.diagnostics.Deadlocks;
import io.github.signalbox.locks.ReadersWritersLock;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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
 * What one look for deadlocks costs (what a watchdog pays per period), with {@code waiters}
 * platform threads parked on a signalbox lock whose writer is live (no deadlock to report), next to
 * the JDK's {@code ThreadMXBean.findDeadlockedThreads()} on the same threads. Time per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class DeadlockScanBenchmark {

    @Param({"0", "100"})
    public int waiters;

    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    private final List<Thread> threads = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @Setup(Level.Trial)
    public void park() throws InterruptedException {
        ReadersWritersLock lock = ReadersWritersLock.builder().name("scanned").build();
        CountDownLatch held = new CountDownLatch(1);
        Thread writer = new Thread(() -> {
            lock.writeLock().lock();
            try {
                held.countDown();
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.writeLock().unlock();
            }
        }, "live-writer");
        writer.setDaemon(true);
        writer.start();
        held.await();
        threads.add(writer);
        for (int i = 0; i < waiters; i++) {
            Thread t = new Thread(() -> lock.read().close(), "waiting-reader-" + i);
            t.setDaemon(true);
            t.start();
            threads.add(t);
        }
        while (lock.getQueuedReaderCount() < waiters) {
            Thread.onSpinWait();
        }
    }

    @TearDown(Level.Trial)
    public void unpark() throws InterruptedException {
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
    }

    @Benchmark
    public List<DeadlockReport> find_signalbox() {
        return Deadlocks.find();
    }

    @Benchmark
    public long[] find_jdkThreadMXBean() {
        return mx.findDeadlockedThreads();
    }
}
