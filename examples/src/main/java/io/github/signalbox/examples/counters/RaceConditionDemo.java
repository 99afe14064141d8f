package io.github.signalbox.examples.counters;

import io.github.signalbox.counters.AtomicCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The classic race-condition demonstration: several threads increment a plain {@code long}
 * field ({@code count += 1} is a read, an add and a write, so two threads can read the same value
 * and one increment is lost), then the same with an {@link AtomicCounter}, which never loses one.
 *
 * <p>Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.counters.RaceConditionDemo}.
 */
public final class RaceConditionDemo {

    private RaceConditionDemo() {
    }

    /** The totals of one run. */
    public record Result(long expected, long plainField, long atomicCounter) {
        /** @return how many increments of the plain field were lost */
        public long lost() {
            return expected - plainField;
        }
    }

    private static long plain; // deliberately unsynchronized

    /** Runs {@code threads} threads of {@code increments} increments on both counters. */
    public static Result run(int threads, int increments) throws InterruptedException {
        plain = 0;
        AtomicCounter counter = new AtomicCounter();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < increments; i++) {
                    plain += 1;            // the race: read, add, write
                    counter.increment();   // one atomic instruction
                }
            }, "incrementer-" + t);
            workers.add(w);
            w.start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        return new Result((long) threads * increments, plain, counter.get());
    }

    public static void main(String[] args) throws InterruptedException {
        Result r = run(4, 1_000_000);
        System.out.println("  4 threads x 1,000,000 increments = " + r.expected());
        System.out.println("  plain long field: " + r.plainField() + " (" + r.lost()
                + " increments lost to the race)");
        System.out.println("  AtomicCounter:    " + r.atomicCounter() + " (none lost)");
    }
}
