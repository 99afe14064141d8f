package io.github.signalbox;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The test harness rules of the JSR-166 TCK as a small helper: every spawned thread is joined with
 * a bound (a thread still alive fails the test, after a dump of all stacks), failures in other
 * threads are recorded and rethrown, and "the thread is blocked" is established by polling
 * observable state, never by sleeping. All delays scale with {@code -Dsignalbox.delayFactor}.
 */
public final class TestThreads implements AutoCloseable {

    /** Scales every bound of the harness (e.g. 3 on a slow CI machine). */
    public static final long DELAY_FACTOR = Long.getLong("signalbox.delayFactor", 1L);
    /** How long anything that must happen is waited for before the test fails. */
    public static final long LONG_DELAY_MS = 20_000L * DELAY_FACTOR;

    /** A body that may throw. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    private final List<Thread> threads = new ArrayList<>();

    /** An empty harness; start threads with {@link #start}. */
    public TestThreads() {
    }
    private final ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();

    /** Starts a named platform thread running {@code body}; its failures fail the test. */
    public Thread start(String name, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                failures.add(e);
            }
        }, name);
        t.setDaemon(true);
        threads.add(t);
        t.start();
        return t;
    }

    /** Waits until {@code condition} holds, polling; fails with {@code what} after the bound. */
    public static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(LONG_DELAY_MS);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for: " + what + "\n" + allStacks());
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Waits until {@code t} is parked (WAITING or TIMED_WAITING). */
    public static void awaitParked(Thread t) {
        awaitTrue(t.getName() + " parked", () -> {
            Thread.State s = t.getState();
            return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
        });
    }

    /** Joins every thread, fails on a survivor, rethrows the first failure of any thread. */
    @Override
    public void close() {
        for (Thread t : threads) {
            try {
                t.join(LONG_DELAY_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while joining " + t.getName(), e);
            }
            if (t.isAlive()) {
                String stacks = allStacks();
                for (Thread other : threads) {
                    other.interrupt();
                }
                fail("thread " + t.getName() + " did not finish\n" + stacks);
            }
        }
        Throwable first = failures.poll();
        if (first != null) {
            for (Throwable more : failures) {
                first.addSuppressed(more);
            }
            if (first instanceof Error) {
                throw (Error) first;
            }
            throw new AssertionError("failure in a test thread", first);
        }
    }

    /** A dump of all thread stacks, for failure messages. */
    public static String allStacks() {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            sb.append('"').append(e.getKey().getName()).append("\" ")
                    .append(e.getKey().getState()).append('\n');
            for (StackTraceElement el : e.getValue()) {
                sb.append("    at ").append(el).append('\n');
            }
        }
        return sb.toString();
    }
}
