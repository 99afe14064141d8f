package io.github.signalbox.benchmarks.locks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Uncontended write acquire+release after {@code readers} threads have read the lock: 0, 64 or
 * 4,096 platform threads that each read it once and stay alive, or 100,000 virtual threads that
 * each read it once and ended ({@code v100000}, JDK 21+; fails on JDK 17). A lock whose writers
 * scan something per thread that ever read it gets slower with the count; one whose writers
 * scan a fixed table or nothing does not.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class WriteAfterReadersBenchmark {

    @Param({"RRW_NONFAIR", "STAMPED", "SB_FAIR", "SB_READER_PREFERENCE", "SB_WRITER_PREFERENCE"})
    public LockKind lock;

    @Param({"0", "64", "4096", "v100000"})
    public String readers;

    private Lock writeLock;
    private ReaderThreads alive;
    private long value;

    @Setup(Level.Trial)
    public void readFromManyThreads() throws Exception {
        ReadWriteLock rw = lock.create();
        writeLock = rw.writeLock();
        if (readers.startsWith("v")) {
            ReaderThreads.virtual(rw, Integer.parseInt(readers.substring(1)));
        } else {
            alive = ReaderThreads.platform(rw, Integer.parseInt(readers));
        }
    }

    @TearDown(Level.Trial)
    public void endReaders() throws InterruptedException {
        if (alive != null) {
            alive.close();
        }
    }

    @Benchmark
    @Threads(1)
    public long writeAfterReaders() {
        writeLock.lock();
        try {
            return ++value;
        } finally {
            writeLock.unlock();
        }
    }
}
