package io.github.signalbox.examples.barriers;

import io.github.signalbox.barriers.Barrier;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;

/**
 * Workers meeting at a {@link Barrier} each round: every worker computes its share of the round
 * (here: the sum of its slice of the numbers {@code 1..n} times the round number), then awaits;
 * the barrier action, run once per round before anybody continues, merges the partial results
 * into the running total. The action sees every worker's partial result, and every worker sees
 * the merged total when its {@code await} returns.
 *
 * <p>Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.barriers.BarrierMerge}.
 */
public final class BarrierMerge {

    private BarrierMerge() {
    }

    /** The per-round totals merged by the action. */
    public static long[] run(int workers, int rounds, int numbersPerWorker)
            throws InterruptedException {
        long[] partial = new long[workers];
        long[] roundTotals = new long[rounds];
        int[] round = new int[1];
        Barrier barrier = new Barrier(workers, () -> {
            long sum = 0;
            for (long p : partial) {
                sum += p;
            }
            roundTotals[round[0]++] = sum; // runs once per round, before anyone is released
        });
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            int worker = w;
            Thread t = new Thread(() -> {
                try {
                    for (int r = 1; r <= rounds; r++) {
                        long sum = 0;
                        long first = (long) worker * numbersPerWorker + 1;
                        for (long x = first; x < first + numbersPerWorker; x++) {
                            sum += x * r;
                        }
                        partial[worker] = sum;
                        barrier.await();
                    }
                } catch (InterruptedException | BrokenBarrierException e) {
                    throw new IllegalStateException(e);
                }
            }, "worker-" + w);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return roundTotals;
    }

    public static void main(String[] args) throws InterruptedException {
        int workers = 4;
        int per = 250;
        long[] totals = run(workers, 3, per);
        long n = (long) workers * per;
        for (int r = 0; r < totals.length; r++) {
            long expected = (r + 1) * n * (n + 1) / 2;
            System.out.println("  round " + (r + 1) + ": merged total " + totals[r]
                    + (totals[r] == expected ? " (correct)" : " (WRONG, expected " + expected + ")"));
        }
    }
}
