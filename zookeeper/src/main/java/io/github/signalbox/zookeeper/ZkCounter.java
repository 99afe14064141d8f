package io.github.signalbox.zookeeper;

import io.github.signalbox.counters.CounterOverflowException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongUnaryOperator;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * An atomic counter shared by processes, that processes can wait on: every update is a
 * compare-and-set on the node's version, so concurrent updates from any number of processes are
 * never lost; {@link #awaitAtLeast(long, Duration)} waits until the value reaches a threshold.
 *
 * <pre>{@code
 * ZkCounter done = zk.counter("batch-42-done");
 * // each worker, after its part:      // the coordinator:
 * done.incrementAndGet();              if (done.awaitAtLeast(workers, Duration.ofHours(1))) {...}
 * }</pre>
 *
 * <p>Overflow beyond {@code Long.MAX_VALUE} or below {@code Long.MIN_VALUE} throws {@link
 * CounterOverflowException} and leaves the value unchanged.
 *
 * <p>Memory consistency effects: ZooKeeper writes a process made before an update are visible to
 * a process that reads the updated value (ZooKeeper orders all writes).
 */
public final class ZkCounter {

    private final ZkSession session;
    private final String path;

    ZkCounter(ZkSession session, String path) {
        this.session = session;
        this.path = path;
    }

    /**
     * The current value.
     *
     * @return the value
     */
    public long get() {
        return read(null).value;
    }

    /**
     * Adds one.
     *
     * @return the new value
     */
    public long incrementAndGet() {
        return addAndGet(1);
    }

    /**
     * Subtracts one.
     *
     * @return the new value
     */
    public long decrementAndGet() {
        return addAndGet(-1);
    }

    /**
     * Adds {@code delta}.
     *
     * @param delta what to add (may be negative)
     * @return the new value
     * @throws CounterOverflowException if the sum overflows a long (nothing changes)
     */
    public long addAndGet(long delta) {
        return update(v -> {
            try {
                return Math.addExact(v, delta);
            } catch (ArithmeticException e) {
                throw new CounterOverflowException("adding " + delta + " to " + v + " overflows "
                        + path, v, delta);
            }
        })[1];
    }

    /**
     * Adds {@code delta} and returns the value before.
     *
     * @param delta what to add
     * @return the previous value
     * @throws CounterOverflowException if the sum overflows a long (nothing changes)
     */
    public long getAndAdd(long delta) {
        long after = addAndGet(delta);
        return after - delta;
    }

    /**
     * Sets the value to {@code update} if it is {@code expect}.
     *
     * @param expect the value expected
     * @param update the new value
     * @return {@code true} if the value was {@code expect} and is now {@code update}
     */
    public boolean compareAndSet(long expect, long update) {
        while (true) {
            Value v = read(null);
            if (v.value != expect) {
                return false;
            }
            if (write(v.version, update)) {
                return true;
            }
        }
    }

    /**
     * Applies {@code function} atomically (it may run several times under contention, so it must
     * have no side effects).
     *
     * @param function from the current value to the new one
     * @return the new value
     */
    public long updateAndGet(LongUnaryOperator function) {
        Objects.requireNonNull(function, "function");
        return update(function)[1];
    }

    /**
     * Waits until the value is at least {@code threshold}.
     *
     * @param threshold the value to wait for
     * @throws InterruptedException if interrupted while waiting
     */
    public void awaitAtLeast(long threshold) throws InterruptedException {
        awaitUntil(threshold, Long.MAX_VALUE);
    }

    /**
     * Waits until the value is at least {@code threshold}, at most {@code timeout}.
     *
     * @param threshold the value to wait for
     * @param timeout how long to wait at most; zero or negative only looks
     * @return {@code true} if the value reached the threshold, {@code false} on timeout
     * @throws InterruptedException if interrupted while waiting
     */
    public boolean awaitAtLeast(long threshold, Duration timeout) throws InterruptedException {
        return awaitUntil(threshold, ZkOps.deadline(timeout));
    }

    /**
     * The counter's ZooKeeper path.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    @Override
    public String toString() {
        String value;
        try {
            value = String.valueOf(get());
        } catch (RuntimeException e) {
            value = "unknown: " + e.getMessage();
        }
        return "ZkCounter[" + path + ", value=" + value + "]";
    }

    private boolean awaitUntil(long threshold, long deadline) throws InterruptedException {
        if (Thread.interrupted()) {
            throw new InterruptedException();
        }
        Wakeup wakeup = new Wakeup();
        session.waiting(wakeup);
        try {
            while (read(wakeup).value < threshold) {
                if (session.isClosed()) {
                    throw new IllegalStateException("the ZkPrimitives of " + path + " is closed");
                }
                if (!wakeup.await(deadline, true)) {
                    return false;
                }
                wakeup.reset();
            }
            return true;
        } finally {
            session.doneWaiting(wakeup);
        }
    }

    /** {before, after}. */
    private long[] update(LongUnaryOperator function) {
        while (true) {
            Value v = read(null);
            long next = function.applyAsLong(v.value);
            if (write(v.version, next)) {
                return new long[] {v.value, next};
            }
        }
    }

    private record Value(long value, int version) {
    }

    private Value read(Wakeup watch) {
        try {
            Stat stat = new Stat();
            byte[] data = watch == null ? session.curator.getData().storingStatIn(stat).forPath(path)
                    : session.curator.getData().storingStatIn(stat).usingWatcher(watch)
                            .forPath(path);
            ZkPrimitives.checkKind(path, "counter", data);
            return new Value(ZkNodeData.longField(data, "value", 0), stat.getVersion());
        } catch (KeeperException.NoNodeException e) {
            ZkOps.recreateNode(session, path, ZkPrimitives.kindMark("counter"));
            return read(watch);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw ZkOps.failure("read " + path, e);
        }
    }

    private boolean write(int version, long value) {
        try {
            session.curator.setData().withVersion(version).forPath(path,
                    ZkNodeData.encode("counter", Map.of("value", value)));
            return true;
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
            return false;
        } catch (Exception e) {
            throw ZkOps.failure("update " + path, e);
        }
    }
}
