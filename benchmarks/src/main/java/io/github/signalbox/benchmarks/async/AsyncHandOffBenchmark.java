package io.github.signalbox.benchmarks.async;

import io.github.signalbox.Guard;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.semaphores.BoundedSemaphore;
import io.github.signalbox.semaphores.Permit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import kotlin.coroutines.Continuation;
import kotlin.coroutines.CoroutineContext;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlin.coroutines.intrinsics.IntrinsicsKt;
import kotlinx.coroutines.sync.Mutex;
import kotlinx.coroutines.sync.MutexKt;
import kotlinx.coroutines.sync.Semaphore;
import kotlinx.coroutines.sync.SemaphoreKt;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The asynchronous hand-off: a request that queues behind the current holder and is completed by
 * its release, as an event loop does it (one thread, nobody blocks). Time per hand-off: enqueue
 * the next request, release the current hold (which grants and completes the next), take the
 * next hold. Compared with the closest asynchronous anchors on Maven Central,
 * kotlinx.coroutines' {@code Mutex} and {@code Semaphore} (their suspending lock/acquire driven
 * from Java with a plain continuation, so the resume runs in the releasing thread as ours does),
 * and with the blocking hand-off of the same primitive between two threads (what a user without
 * an asynchronous form would do: park and unpark).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class AsyncHandOffBenchmark {

    private ReadersWritersLock lock;
    private Guard held;
    private BoundedSemaphore semaphore;
    private Permit permit;
    private Mutex mutex;
    private Semaphore coroutineSemaphore;

    /** A continuation that only records its resumption, as a suspended coroutine would. */
    private static final class Resumed implements Continuation<Object> {
        boolean resumed;

        @Override
        public CoroutineContext getContext() {
            return EmptyCoroutineContext.INSTANCE;
        }

        @Override
        public void resumeWith(Object result) {
            resumed = true;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        lock = ReadersWritersLock.fair();
        held = lock.writeAsync().join();
        semaphore = BoundedSemaphore.fifo(1);
        permit = semaphore.acquireAsync().join();
        mutex = MutexKt.Mutex(true);
        coroutineSemaphore = SemaphoreKt.Semaphore(1, 1);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        held.close();
        permit.close();
    }

    @Benchmark
    public Guard lockWriteAsync() {
        CompletableFuture<Guard> next = lock.writeAsync(); // queued behind the current hold
        held.close();                                      // grants and completes it
        held = next.join();                                // already complete
        return held;
    }

    @Benchmark
    public Permit semaphoreAcquireAsync() {
        CompletableFuture<Permit> next = semaphore.acquireAsync();
        permit.close();
        permit = next.join();
        return permit;
    }

    @Benchmark
    public boolean kotlinMutex() {
        Resumed next = new Resumed();
        Object r = mutex.lock(null, next);                 // suspends: the mutex is held
        mutex.unlock(null);                                // hands it to the continuation
        return r == IntrinsicsKt.getCOROUTINE_SUSPENDED() && next.resumed;
    }

    @Benchmark
    public boolean kotlinSemaphore() {
        Resumed next = new Resumed();
        Object r = coroutineSemaphore.acquire(next);
        coroutineSemaphore.release();
        return r == IntrinsicsKt.getCOROUTINE_SUSPENDED() && next.resumed;
    }

    /** The blocking hand-offs: two threads take turns holding the write lock / the permit. */
    @State(Scope.Benchmark)
    public static class BlockingPair {
        final ReadersWritersLock lock = ReadersWritersLock.fair();
        final BoundedSemaphore semaphore = BoundedSemaphore.fifo(1);
    }

    @Benchmark
    @Threads(2)
    public void lockWriteBlocking(BlockingPair pair) {
        Guard g = pair.lock.write();
        g.close();
    }

    @Benchmark
    @Threads(2)
    public void semaphoreAcquireBlocking(BlockingPair pair) {
        pair.semaphore.acquireUninterruptibly();
        pair.semaphore.release();
    }
}
