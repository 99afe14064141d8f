package io.github.signalbox.benchmarks;

import io.github.signalbox.benchmarks.ordering.OrderingKind;
import io.github.signalbox.benchmarks.semaphores.SemaphoreKind;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Runs the semaphore, barrier, event, counter and lock-ordering benchmarks and prints each of our results as a ratio to
 * its JDK counterpart measured in the same run (time per operation: below 1 means faster).
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar io.github.signalbox.benchmarks.Ratios
 * [JMH options, e.g. -wi 2 -i 3] [benchmark pattern]}.
 */
public final class Ratios {

    private Ratios() {
    }

    public static void main(String[] args) throws RunnerException, Exception {
        Options cli = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        if (cli.getIncludes().isEmpty()) { // a pattern on the command line narrows the run
            builder.include("io\\.github\\.signalbox\\.benchmarks\\."
                    + "(semaphores|barriers|events|counters|ordering)\\..*");
        }
        Options opts = builder.parent(cli).build();
        Collection<RunResult> results = new Runner(opts).run();

        // benchmark -> label -> result; label is the "kind" parameter, or the JMH group suffix
        Map<String, Map<String, Result<?>>> table = new LinkedHashMap<>();
        for (RunResult r : results) {
            String bench = r.getParams().getBenchmark();
            String name = bench.substring(bench.lastIndexOf('.') + 1);
            String kind = r.getParams().getParam("kind");
            if (kind == null) {
                kind = r.getParams().getParam("lock"); // the lock benchmarks' kind
            }
            String label;
            if (kind != null) {
                label = kind;
            } else {
                int cut = name.indexOf('_');
                label = cut < 0 ? name : name.substring(cut + 1);
                name = cut < 0 ? name : name.substring(0, cut);
            }
            String family = bench.substring(0, bench.lastIndexOf('.'));
            family = family.substring(family.lastIndexOf('.') + 1);
            for (String param : r.getParams().getParamsKeys()) {
                if (!param.equals("kind") && !param.equals("lock")) { // [depth 1], [parties 4]
                    name = name + " [" + param + " " + r.getParams().getParam(param) + "]";
                }
            }
            table.computeIfAbsent(family + "." + name, k -> new LinkedHashMap<>())
                    .put(label, r.getPrimaryResult());
        }

        System.out.println();
        System.out.println("Time per operation (ns/op, +- 99.9% error) and ratio to the JDK"
                + " counterpart of the same run");
        System.out.println(machine());
        for (Map.Entry<String, Map<String, Result<?>>> e : table.entrySet()) {
            System.out.println();
            System.out.println(e.getKey());
            for (Map.Entry<String, Result<?>> row : e.getValue().entrySet()) {
                Result<?> res = row.getValue();
                StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                        "  %-16s %10.2f +- %8.2f", row.getKey(), res.getScore(),
                        res.getScoreError()));
                for (String base : baselines(row.getKey(), e.getValue().keySet())) {
                    Result<?> b = e.getValue().get(base);
                    line.append(String.format(Locale.ROOT, "  x%7.3f of %s",
                            res.getScore() / b.getScore(), base));
                }
                System.out.println(line);
            }
            printCheckingOverhead(e.getValue());
        }
    }

    /** The CPU model, core count and JDK the ratios were measured on: ratios depend on them. */
    public static String machine() {
        String cpu = "unknown CPU";
        try {
            for (String line : java.nio.file.Files.readAllLines(
                    java.nio.file.Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    cpu = line.substring(line.indexOf(':') + 1).trim();
                    break;
                }
            }
        } catch (java.io.IOException | RuntimeException unreadable) {
            cpu = System.getProperty("os.arch");
        }
        return "Measured on: " + cpu + ", " + Runtime.getRuntime().availableProcessors()
                + " CPUs, " + System.getProperty("java.vm.name") + " "
                + System.getProperty("java.runtime.version");
    }

    /** For the ordering rows: checking overhead (checked minus plain) of ours and Guava's. */
    private static void printCheckingOverhead(Map<String, Result<?>> rows) {
        Result<?> plain = rows.get(OrderingKind.JDK_PLAIN.name());
        Result<?> ours = rows.get(OrderingKind.SB_CHECKED.name());
        Result<?> guava = rows.get(OrderingKind.GUAVA_CHECKED.name());
        if (plain == null || ours == null || guava == null) {
            return;
        }
        double oursOver = ours.getScore() - plain.getScore();
        double guavaOver = guava.getScore() - plain.getScore();
        System.out.println(String.format(Locale.ROOT,
                "  checking overhead over JDK_PLAIN: ours %.2f ns, Guava %.2f ns, ratio x%.3f",
                oursOver, guavaOver, oursOver / guavaOver));
    }

    /** The JDK rows a row is compared with. */
    private static List<String> baselines(String label, Collection<String> labels) {
        List<String> out = new ArrayList<>();
        if (label.equals("signalbox") || label.equals("SIGNALBOX")) {
            for (String l : labels) {
                if (l.startsWith("jdk") || l.equals("CYCLIC_BARRIER") || l.equals("PHASER")
                        || l.equals("THREAD_SWITCHES")) { // a barrier's floor (BarrierKind)
                    out.add(l);
                }
            }
        } else {
            if (label.startsWith("SB_")) { // readers-writers locks (semaphores: no RRW_ rows)
                for (String l : labels) {
                    if (l.startsWith("RRW_")) {
                        out.add(l);
                    }
                }
            }
            for (SemaphoreKind k : SemaphoreKind.values()) {
                if (k.name().equals(label) && k.baseline != null && labels.contains(k.baseline)) {
                    out.add(k.baseline);
                }
            }
            for (OrderingKind k : OrderingKind.values()) {
                if (k.name().equals(label) && k.baseline != null && labels.contains(k.baseline)) {
                    out.add(k.baseline);
                }
            }
        }
        return out;
    }
}
