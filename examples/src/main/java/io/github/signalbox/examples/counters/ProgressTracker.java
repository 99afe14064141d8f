package io.github.signalbox.examples.counters;

import io.github.signalbox.counters.AtomicCounter;
import io.github.signalbox.counters.WaitGroup;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A progress tracker: workers count finished items in an {@link AtomicCounter}; a coordinator
 * waits, without polling, until the count reaches each milestone ({@code awaitAtLeast}) and
 * reports it, and a {@link WaitGroup} tells it when every worker has finished.
 *
 * <p>Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.counters.ProgressTracker}.
 */
public final class ProgressTracker {

    private ProgressTracker() {
    }

    /** Processes {@code items} items with {@code workers} workers; returns the milestone lines. */
    public static List<String> run(int workers, int items) throws InterruptedException {
        AtomicCounter done = new AtomicCounter();
        AtomicCounter next = new AtomicCounter(); // hands out item numbers
        WaitGroup group = new WaitGroup();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        try {
            for (int w = 0; w < workers; w++) {
                group.add(1);
                pool.execute(() -> {
                    try {
                        while (next.increment() <= items) {
                            processItem();
                            done.increment();
                        }
                    } finally {
                        group.done();
                    }
                });
            }
            List<String> report = new ArrayList<>();
            for (int percent = 25; percent <= 100; percent += 25) {
                long milestone = (long) items * percent / 100;
                if (!done.awaitAtLeast(milestone, Duration.ofSeconds(30))) {
                    throw new IllegalStateException("stuck below " + milestone);
                }
                report.add("reached " + percent + "% (" + milestone + " of " + items + " items)");
            }
            if (!group.await(Duration.ofSeconds(30))) {
                throw new IllegalStateException("workers did not finish");
            }
            report.add("all " + workers + " workers finished; " + done.get() + " items done");
            return report;
        } finally {
            pool.shutdown();
        }
    }

    private static void processItem() {
        long end = System.nanoTime() + 50_000;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        for (String line : run(3, 2_000)) {
            System.out.println("  " + line);
        }
    }
}
