package io.github.signalbox.benchmarks.locks;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The lock under test and the value it guards; subclasses add the benchmarks (and may narrow
 * the state's scope).
 */
@State(Scope.Benchmark)
public abstract class LockBenchmarkBase {

    @Param
    public LockKind lock;

    private Lock readLock;
    private Lock writeLock;
    private long value;

    @Setup
    public void setUp() {
        ReadWriteLock rw = lock.create();
        readLock = rw.readLock();
        writeLock = rw.writeLock();
    }

    protected long read() {
        readLock.lock();
        try {
            return value;
        } finally {
            readLock.unlock();
        }
    }

    protected long write() {
        writeLock.lock();
        try {
            return ++value;
        } finally {
            writeLock.unlock();
        }
    }
}
