package io.github.signalbox.benchmarks.locks;

import io.github.signalbox.Guard;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.UpgradableGuard;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Check, then write if needed (one operation in ten writes): the pattern the upgradable read
 * mode is for, against the two ways a JDK user writes it.
 * <ul>
 *   <li>{@code SB_UPGRADABLE}: check under {@code upgradable()}, {@code upgrade()} when a write
 *       is needed; nothing read can change in between.</li>
 *   <li>{@code STAMPED_CONVERT}: {@code StampedLock.readLock()}, then
 *       {@code tryConvertToWriteLock}; when the conversion fails (another reader is in), unlock,
 *       take the write lock and check again.</li>
 *   <li>{@code RRW_RELEASE_THEN_WRITE}: {@code ReentrantReadWriteLock}: check under the read
 *       lock, release it, take the write lock and check again (the usual workaround, since
 *       that lock cannot upgrade).</li>
 * </ul>
 * Time per operation; 1 and 2 threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UpgradeBenchmark {

    @Param({"SB_UPGRADABLE", "STAMPED_CONVERT", "RRW_RELEASE_THEN_WRITE"})
    public String kind;

    private final ReadersWritersLock lock = new ReadersWritersLock();
    private final StampedLock stamped = new StampedLock();
    private final ReentrantReadWriteLock rrw = new ReentrantReadWriteLock();
    private long value;
    private int mode;

    @Setup
    public void setUp() {
        mode = kind.equals("SB_UPGRADABLE") ? 0 : kind.equals("STAMPED_CONVERT") ? 1 : 2;
    }

    /** Per thread: which operation writes (every tenth). */
    @State(Scope.Thread)
    public static class Turn {
        int n;

        boolean writes() {
            return ++n % 10 == 0;
        }
    }

    @Benchmark
    @Threads(1)
    public long checkThenWrite1(Turn turn) {
        return op(turn.writes());
    }

    @Benchmark
    @Threads(2)
    public long checkThenWrite2(Turn turn) {
        return op(turn.writes());
    }

    private long op(boolean needsWrite) {
        switch (mode) {
            case 0:
                return upgradable(needsWrite);
            case 1:
                return stamped(needsWrite);
            default:
                return releaseThenWrite(needsWrite);
        }
    }

    private long upgradable(boolean needsWrite) {
        UpgradableGuard u = lock.upgradable();
        try {
            long seen = value;
            if (needsWrite) {
                Guard w = u.upgrade();
                try {
                    value = seen + 1;
                } finally {
                    w.close();
                }
            }
            return seen;
        } finally {
            u.close();
        }
    }

    private long stamped(boolean needsWrite) {
        long stamp = stamped.readLock();
        try {
            long seen = value;
            if (needsWrite) {
                long ws = stamped.tryConvertToWriteLock(stamp);
                if (ws == 0L) {
                    stamped.unlockRead(stamp);
                    stamp = stamped.writeLock();
                    seen = value; // check again: a writer may have been in between
                } else {
                    stamp = ws;
                }
                value = seen + 1;
            }
            return seen;
        } finally {
            stamped.unlock(stamp);
        }
    }

    private long releaseThenWrite(boolean needsWrite) {
        long seen;
        rrw.readLock().lock();
        try {
            seen = value;
        } finally {
            rrw.readLock().unlock();
        }
        if (needsWrite) {
            rrw.writeLock().lock();
            try {
                seen = value; // check again: a writer may have been in between
                value = seen + 1;
            } finally {
                rrw.writeLock().unlock();
            }
        }
        return seen;
    }
}
