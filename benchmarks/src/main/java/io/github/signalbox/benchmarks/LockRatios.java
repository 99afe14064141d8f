package io.github.signalbox.benchmarks;

import io.github.signalbox.benchmarks.locks.LockKind;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the readers-writers lock benchmarks and prints each lock's time per operation as a ratio
 * to {@code ReentrantReadWriteLock} (nonfair, and fair for our FAIR policy) and to
 * {@code StampedLock}, the "who wins" shares, and each lock's retained heap
 * ({@link io.github.signalbox.benchmarks.locks.LockFootprint}). Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.signalbox.benchmarks.LockRatios [JMH options, e.g. -wi 2 -i 3]}.
 */
public final class LockRatios {

    private LockRatios() {
    }

    public static void main(String[] args) throws RunnerException, Exception {
        Options cli = new CommandLineOptions(args);
        Options opts = new OptionsBuilder().parent(cli)
                .include("io\\.github\\.signalbox\\.benchmarks\\.locks\\..*")
                .build();
        Collection<RunResult> results = new Runner(opts).run();

        Map<String, Map<LockKind, Result<?>>> byBenchmark = new TreeMap<>();
        Map<LockKind, double[]> whoWins = new LinkedHashMap<>(); // reader, writer ops/us
        Map<String, String> forkRanges = new TreeMap<>(); // "benchmark|kind" -> "min..max"
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            LockKind kind = LockKind.valueOf(r.getParams().getParam("lock"));
            String name = bench.substring(bench.lastIndexOf('.') + 1);
            if (name.equals("whoWins")) {
                Result<?> reader = r.getSecondaryResults().get("reader");
                Result<?> writer = r.getSecondaryResults().get("writer");
                whoWins.put(kind, new double[] {reader.getScore(), writer.getScore()});
            } else {
                String readers = r.getParams().getParam("readers");
                if (readers != null) {
                    name = name + " [" + (readers.startsWith("v")
                            ? readers.substring(1) + " ended virtual" : readers + " live")
                            + " reader threads]";
                }
                byBenchmark.computeIfAbsent(name, k -> new LinkedHashMap<>())
                        .put(kind, r.getPrimaryResult());
                forkRanges.put(name + "|" + kind, forkRange(r));
            }
        }

        System.out.println();
        System.out.println("Time per operation (ns/op, +- 99.9% error) and ratio to"
                + " ReentrantReadWriteLock nonfair (RRW_FAIR in brackets for FAIR,"
                + " and for every policy with 4 writer threads: writers queue in arrival order)");
        System.out.println(Ratios.machine());
        for (Map.Entry<String, Map<LockKind, Result<?>>> e : byBenchmark.entrySet()) {
            System.out.println();
            System.out.println(e.getKey());
            Result<?> nonfair = e.getValue().get(LockKind.RRW_NONFAIR);
            Result<?> fair = e.getValue().get(LockKind.RRW_FAIR);
            Result<?> stamped = e.getValue().get(LockKind.STAMPED);
            for (Map.Entry<LockKind, Result<?>> k : e.getValue().entrySet()) {
                Result<?> res = k.getValue();
                String line = String.format(Locale.ROOT, "  %-22s %10.2f +- %8.2f  x%6.3f",
                        k.getKey(), res.getScore(), res.getScoreError(),
                        ratio(res, nonfair));
                if (stamped != null) {
                    line += String.format(Locale.ROOT, "  (x%6.3f of STAMPED)",
                            ratio(res, stamped));
                }
                boolean writersInOrder = e.getKey().startsWith("fourThreadsWriteOnly")
                        && k.getKey().name().startsWith("SB_"); // every policy queues writers
                if ((k.getKey() == LockKind.SB_FAIR || writersInOrder) && fair != null) {
                    line += String.format(Locale.ROOT, "  [x%6.3f of RRW_FAIR]", ratio(res, fair));
                }
                line += forkRanges.getOrDefault(e.getKey() + "|" + k.getKey(), "");
                System.out.println(line);
            }
        }

        if (!whoWins.isEmpty()) {
            System.out.println();
            System.out.println("Who wins (1 reader + 1 writer, ops/us): reader share, total,"
                    + " total vs RRW_FAIR");
            double[] fairRrw = whoWins.get(LockKind.RRW_FAIR);
            double fairTotal = fairRrw == null ? Double.NaN : fairRrw[0] + fairRrw[1];
            for (Map.Entry<LockKind, double[]> e : whoWins.entrySet()) {
                double reader = e.getValue()[0];
                double writer = e.getValue()[1];
                double total = reader + writer;
                System.out.println(String.format(Locale.ROOT,
                        "  %-22s reader %5.1f%%  writer %5.1f%%  total %8.3f ops/us  x%6.2f",
                        e.getKey(), 100 * reader / total, 100 * writer / total, total,
                        total / fairTotal));
            }
        }
        printFootprints();
    }

    /** After the timings: the heap each lock retains, in the same JVM (see LockFootprint). */
    private static void printFootprints() throws Exception {
        System.out.println();
        io.github.signalbox.benchmarks.locks.LockFootprint.main(new String[0]);
    }

    /**
     * With more than one fork: the range of the forks' means, since forks of a two-thread
     * benchmark can differ by several times on a 2-core machine (empty with one fork).
     */
    private static String forkRange(RunResult r) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int forks = 0;
        for (org.openjdk.jmh.results.BenchmarkResult fork : r.getBenchmarkResults()) {
            double mean = fork.getPrimaryResult().getScore();
            min = Math.min(min, mean);
            max = Math.max(max, mean);
            forks++;
        }
        return forks < 2 ? "" : String.format(Locale.ROOT, "  forks %.1f..%.1f", min, max);
    }

    private static double ratio(Result<?> ours, Result<?> base) {
        return base == null ? Double.NaN : ours.getScore() / base.getScore();
    }
}
