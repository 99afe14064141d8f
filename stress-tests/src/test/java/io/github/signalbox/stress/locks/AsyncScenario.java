package io.github.signalbox.stress.locks;

import io.github.signalbox.Guard;
import io.github.signalbox.locks.ReadersWritersLock;
import java.util.concurrent.CompletableFuture;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;

/**
 * The Lincheck scenario of asynchronous acquisition beside blocking acquisition: an asynchronous
 * request that is not granted at once is cancelled, and if the cancel wins the operation falls
 * back to the blocking form (so every operation does its work exactly once and the class is its
 * own sequential specification); if the grant wins the cancel fails and the operation uses the
 * delivered guard. A grant lost to a cancel shows up as a hang, a grant given twice as a torn
 * read (-1) or a lost increment.
 */
public abstract class AsyncScenario {

    private final ReadersWritersLock lock;
    private int first;
    private int second;

    protected AsyncScenario(ReadersWritersLock lock) {
        this.lock = lock;
    }

    private int observe() {
        int f = first;
        int s = second;
        return f == s ? f : -1;
    }

    private int increment() {
        first++;
        second++;
        return first;
    }

    /** The delivered guard, or null when the cancel won (the caller then blocks instead). */
    private static Guard grantedOrCancelled(CompletableFuture<Guard> request) {
        if (!request.isDone() && request.cancel(false)) {
            return null;
        }
        return request.join(); // completed: the grant won the race
    }

    @Operation
    public int read() {
        try (Guard g = lock.read()) {
            return observe();
        }
    }

    @Operation
    public int write() {
        try (Guard g = lock.write()) {
            return increment();
        }
    }

    @Operation
    public int readAsyncOrCancel() {
        Guard async = grantedOrCancelled(lock.readAsync());
        try (Guard g = async != null ? async : lock.read()) {
            return observe();
        }
    }

    @Operation
    public int writeAsyncOrCancel() {
        Guard async = grantedOrCancelled(lock.writeAsync());
        try (Guard g = async != null ? async : lock.write()) {
            return increment();
        }
    }
}
