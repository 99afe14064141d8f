package io.github.signalbox.benchmarks.locks;

import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.ReadersWritersPolicy;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;

/** The readers-writers locks compared: the JDK's, and ours under each policy. */
public enum LockKind {
    RRW_NONFAIR(() -> new ReentrantReadWriteLock(false)),
    RRW_FAIR(() -> new ReentrantReadWriteLock(true)),
    STAMPED(() -> new StampedLock().asReadWriteLock()),
    SB_FAIR(() -> new ReadersWritersLock(ReadersWritersPolicy.FAIR)),
    SB_READER_PREFERENCE(() -> new ReadersWritersLock(ReadersWritersPolicy.READER_PREFERENCE)),
    SB_WRITER_PREFERENCE(() -> new ReadersWritersLock(ReadersWritersPolicy.WRITER_PREFERENCE));

    private final Supplier<ReadWriteLock> factory;

    LockKind(Supplier<ReadWriteLock> factory) {
        this.factory = factory;
    }

    public ReadWriteLock create() {
        return factory.get();
    }
}
