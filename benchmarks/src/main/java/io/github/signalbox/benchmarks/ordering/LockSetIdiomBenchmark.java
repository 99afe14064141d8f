package io.github.signalbox.benchmarks.ordering;

import io.github.signalbox.Guard;
import io.github.signalbox.ordering.LockOrdering;
import io.github.signalbox.ordering.LockSet;
import io.github.signalbox.ordering.OrderedLock;
import io.github.signalbox.ordering.OrderingPolicies;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The README's transfer idiom, {@code try (Guard g = LockSet.of(a, b).hold()) {...}}, which builds
 * the set on every call, against a set built once, the two ordered locks taken by hand, and two
 * plain {@code ReentrantLock}s (what the idiom replaces). One thread, uncontended: the cost of the
 * idiom itself.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LockSetIdiomBenchmark {

    /** The ordering's policy: checked (THROW) or no bookkeeping (DISABLED). */
    @Param({"THROW", "DISABLED"})
    public OrderingPolicies policy;

    private OrderedLock alice;
    private OrderedLock bob;
    private LockSet builtOnce;
    private final ReentrantLock plainA = new ReentrantLock();
    private final ReentrantLock plainB = new ReentrantLock();
    private long balance;

    @Setup
    public void setUp() {
        LockOrdering ordering = new LockOrdering(policy);
        alice = ordering.newLock("alice");
        bob = ordering.newLock("bob");
        builtOnce = LockSet.of(bob, alice);
    }

    @Benchmark
    @SuppressWarnings("try") // the guard is only closed, as in the README
    public long transfer_SB_SET_PER_CALL() {
        try (Guard both = LockSet.of(bob, alice).hold()) {
            return ++balance;
        }
    }

    @Benchmark
    @SuppressWarnings("try")
    public long transfer_SB_SET_BUILT_ONCE() {
        try (Guard both = builtOnce.hold()) {
            return ++balance;
        }
    }

    @Benchmark
    public long transfer_SB_ORDERED_LOCKS() {
        alice.lock();
        try {
            bob.lock();
            try {
                return ++balance;
            } finally {
                bob.unlock();
            }
        } finally {
            alice.unlock();
        }
    }

    @Benchmark
    public long transfer_JDK_REENTRANT_LOCKS() {
        plainA.lock();
        try {
            plainB.lock();
            try {
                return ++balance;
            } finally {
                plainB.unlock();
            }
        } finally {
            plainA.unlock();
        }
    }
}
