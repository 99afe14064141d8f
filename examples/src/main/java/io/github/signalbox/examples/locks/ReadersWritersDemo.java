package io.github.signalbox.examples.locks;

import io.github.signalbox.Guard;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.ReadersWritersPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The classic readers-writers experiment: 3 readers and 2 writers loop over one lock for a few
 * seconds, under each policy, and the program prints how often each thread got in and the
 * longest wait of each side. Reader preference starves the writers; writer preference favours
 * them (readers get in only in the moments when no writer holds or waits: fewer turns and long
 * waits, and starvation once some writer is always waiting, which these two writers with a
 * short pause between writes do not quite achieve); FAIR lets everybody in about equally.
 *
 * <p>Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.locks.ReadersWritersDemo [seconds per policy]}.
 */
public final class ReadersWritersDemo {

    static final int READERS = 3;
    static final int WRITERS = 2;
    /** How long each thread holds the lock per acquisition: long enough for readers to overlap. */
    private static final long HOLD_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    private ReadersWritersDemo() {
    }

    /** What one run of the experiment measured. */
    public static final class Result {
        final ReadersWritersPolicy policy;
        final long[] readerOps = new long[READERS];
        final long[] writerOps = new long[WRITERS];
        final long[] longestWaitNanos = new long[READERS + WRITERS];

        Result(ReadersWritersPolicy policy) {
            this.policy = policy;
        }

        public long[] readerOps() {
            return readerOps.clone();
        }

        public long[] writerOps() {
            return writerOps.clone();
        }

        long longestWait(boolean writers) {
            long max = 0;
            for (int i = writers ? READERS : 0; i < (writers ? READERS + WRITERS : READERS); i++) {
                max = Math.max(max, longestWaitNanos[i]);
            }
            return max;
        }

        /** One tab-separated line per thread: policy, thread, acquisitions, longest wait (ms). */
        void appendTsv(StringBuilder out) {
            for (int i = 0; i < READERS + WRITERS; i++) {
                boolean writer = i >= READERS;
                long ops = writer ? writerOps[i - READERS] : readerOps[i];
                out.append(String.format(Locale.ROOT, "%s\t%s-%d\t%d\t%.2f%n", policy,
                        writer ? "writer" : "reader", writer ? i - READERS + 1 : i + 1, ops,
                        longestWaitNanos[i] / 1e6));
            }
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT,
                    "%-18s readers %s  writers %s  longest wait: readers %,.1f ms, writers %,.1f ms",
                    policy, java.util.Arrays.toString(readerOps),
                    java.util.Arrays.toString(writerOps),
                    longestWait(false) / 1e6, longestWait(true) / 1e6);
        }
    }

    /** Runs the experiment under {@code policy} for {@code duration}. */
    public static Result run(ReadersWritersPolicy policy, Duration duration)
            throws InterruptedException {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        Result result = new Result(policy);
        AtomicBoolean stop = new AtomicBoolean();
        long[] sharedData = new long[1];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < READERS + WRITERS; i++) {
            int id = i;
            boolean writer = i >= READERS;
            Thread t = new Thread(() -> {
                long ops = 0;
                while (!stop.get()) {
                    long start = System.nanoTime();
                    try (Guard g = writer ? lock.write() : lock.read()) {
                        result.longestWaitNanos[id] =
                                Math.max(result.longestWaitNanos[id], System.nanoTime() - start);
                        if (writer) {
                            sharedData[0]++;
                        }
                        hold();
                    }
                    ops++;
                }
                if (writer) {
                    result.writerOps[id - READERS] = ops;
                } else {
                    result.readerOps[id] = ops;
                }
            }, (writer ? "writer-" : "reader-") + i);
            threads.add(t);
        }
        threads.forEach(Thread::start);
        Thread.sleep(duration.toMillis());
        stop.set(true);
        for (Thread t : threads) {
            t.join();
        }
        return result;
    }

    private static void hold() {
        long end = System.nanoTime() + HOLD_NANOS;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    /**
     * Runs the experiment for each policy. Arguments: seconds per policy (default 3), and
     * optionally a file to write the table to (tab-separated).
     */
    public static void main(String[] args) throws InterruptedException, IOException {
        Duration perPolicy = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 3);
        System.out.println("3 readers and 2 writers, " + perPolicy.toSeconds()
                + " s per policy; acquisitions per thread and the longest wait of each side:");
        StringBuilder table = new StringBuilder("policy\tthread\tacquisitions\tlongest wait ms\n");
        for (ReadersWritersPolicy policy : ReadersWritersPolicy.values()) {
            Result r = run(policy, perPolicy);
            System.out.println("  " + r);
            r.appendTsv(table);
        }
        if (args.length > 1) { // the full verification run keeps the table for docs/benchmarks.md
            Files.writeString(Paths.get(args[1]), table, StandardCharsets.UTF_8);
        }
    }
}
