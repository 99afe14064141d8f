package io.github.signalbox.examples.events;

import io.github.signalbox.events.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Graceful shutdown of worker threads with an {@link Event}: workers loop until the stop event
 * is set, finish the item in hand, and leave; the coordinator sets the event and waits for them.
 * A second event lets the coordinator wait (with a timeout) until every worker has started.
 *
 * <p>Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.events.GracefulShutdown}.
 */
public final class GracefulShutdown {

    private GracefulShutdown() {
    }

    /** Runs {@code workers} workers for about {@code runFor}, stops them, returns items done. */
    public static long run(int workers, Duration runFor) throws InterruptedException {
        Event stop = new Event();
        Event allStarted = new Event();
        AtomicLong started = new AtomicLong();
        AtomicLong itemsDone = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < workers; i++) {
            Thread t = new Thread(() -> {
                if (started.incrementAndGet() == workers) {
                    allStarted.set();
                }
                while (!stop.isSet()) {
                    processOneItem();
                    itemsDone.incrementAndGet();
                }
            }, "worker-" + i);
            threads.add(t);
            t.start();
        }
        if (!allStarted.await(Duration.ofSeconds(10))) {
            throw new IllegalStateException("workers did not start");
        }
        stop.await(runFor); // sleeps for runFor (nobody else sets it), waking early if set
        stop.set();
        for (Thread t : threads) {
            t.join();
        }
        return itemsDone.get();
    }

    private static void processOneItem() {
        long end = System.nanoTime() + 20_000;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        long items = run(3, Duration.ofMillis(500));
        System.out.println("GracefulShutdown: 3 workers processed " + items
                + " items, then all stopped within one item of the stop event being set");
    }
}
