package io.github.signalbox.benchmarks.ordering;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The cost of recording a new ordering when one lock is held while many different locks are
 * taken (a "table" lock held while each "row" lock is taken once): every acquisition of a row is
 * a never-seen ordering out of the same lock. Measured per new ordering, over {@value #ROWS}
 * rows, with fresh locks for every measured batch; ours against Guava's CycleDetectingLockFactory.
 * Linear growth shows as a flat cost per ordering; quadratic growth (copying the held lock's
 * whole edge table on every new edge) as a cost that grows with {@value #ROWS}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 10)
@Fork(1)
public class NewOrderingsBenchmark {

    static final int ROWS = 20_000;

    @Param({"SB_CHECKED", "GUAVA_CHECKED"})
    public OrderingKind kind;

    private Lock table;
    private Lock[] rows;

    @Setup(Level.Iteration)
    public void freshLocks() {
        Lock[] locks = kind.newLocks(ROWS + 1);
        table = locks[0];
        rows = new Lock[ROWS];
        System.arraycopy(locks, 1, rows, 0, ROWS);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public void newOrderingsFromOneLock() {
        Lock t = table;
        t.lock();
        try {
            for (Lock row : rows) {
                row.lock();
                row.unlock();
            }
        } finally {
            t.unlock();
        }
    }
}
