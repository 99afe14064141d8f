package io.github.signalbox.stress.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * JMH results (its JSON result file) grouped into comparisons: the rows of one benchmark method
 * with the same parameters except the compared implementation, which is the {@code kind} (or
 * {@code lock}) parameter or, for methods named {@code name_label}, the label.
 */
final class JmhEvidence {

    /**
     * One measured implementation; {@code forkMeans} holds the mean of each JMH fork (one entry
     * when the run had one fork).
     */
    record Row(String label, double score, double error, String unit,
            Map<String, Double> secondaries, List<Double> forkMeans) {

        double slowestFork() {
            return forkMeans.stream().mapToDouble(Double::doubleValue).max().orElse(score);
        }

        double fastestFork() {
            return forkMeans.stream().mapToDouble(Double::doubleValue).min().orElse(score);
        }

        /** Ours: a {@code SB_} kind or a {@code signalbox} label. */
        boolean ours() {
            return label.startsWith("SB_") || label.equalsIgnoreCase("signalbox");
        }
    }

    /** One comparison: a family, a benchmark name with its fixed parameters, and its rows. */
    record Comparison(String family, String name, String mode, List<Row> rows) {

        /** The JDK (or Guava) rows {@code row} is compared with. */
        List<Row> baselinesOf(Row row) {
            List<Row> out = new ArrayList<>();
            if (!row.ours()) {
                return out;
            }
            String preferred = PREFERRED_BASELINE.get(row.label());
            for (Row r : rows) {
                if (!r.ours() && (preferred == null || preferred.contains(r.label()))) {
                    out.add(r);
                }
            }
            return out;
        }

        boolean higherIsBetter() {
            return mode.equals("thrpt");
        }
    }

    /**
     * Where a kind has natural counterparts, only those (otherwise: every JDK row): the class a
     * user would pick by default (nonfair ReentrantReadWriteLock, StampedLock, nonfair Semaphore)
     * and, for the fair kinds, the fair JDK class too.
     */
    static final Map<String, String> PREFERRED_BASELINE = Map.of(
            "SB_FIFO", "JDK_FAIR JDK_NONFAIR",
            "SB_BARGING", "JDK_NONFAIR",
            "SB_CHECKED", "GUAVA_CHECKED",
            "SB_DISABLED", "JDK_PLAIN",
            "SB_FAIR", "RRW_NONFAIR RRW_FAIR STAMPED",
            "SB_READER_PREFERENCE", "RRW_NONFAIR STAMPED",
            "SB_WRITER_PREFERENCE", "RRW_NONFAIR STAMPED");

    private JmhEvidence() {
    }

    @SuppressWarnings("unchecked")
    static List<Comparison> read(Path jsonFile) {
        String text;
        try {
            text = Files.readString(jsonFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, Comparison> byKey = new LinkedHashMap<>();
        for (Object o : (List<Object>) MiniJson.parse(text)) {
            Map<String, Object> run = (Map<String, Object>) o;
            String benchmark = (String) run.get("benchmark");
            String mode = (String) run.get("mode");
            Map<String, Object> params = run.get("params") == null ? Map.of()
                    : (Map<String, Object>) run.get("params");
            Map<String, Object> metric = (Map<String, Object>) run.get("primaryMetric");
            String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
            String cls = benchmark.substring(0, benchmark.lastIndexOf('.'));
            String pkg = cls.substring(0, cls.lastIndexOf('.'));
            String family = pkg.substring(pkg.lastIndexOf('.') + 1);
            String simpleClass = cls.substring(cls.lastIndexOf('.') + 1);
            String label;
            Map<String, Object> fixed = new TreeMap<>(params);
            String implementation = fixed.containsKey("kind") ? "kind" : "lock";
            if (fixed.containsKey(implementation)) {
                label = String.valueOf(fixed.remove(implementation));
            } else if (method.contains("_")) {
                label = method.substring(method.indexOf('_') + 1);
                method = method.substring(0, method.indexOf('_'));
            } else {
                label = method;
            }
            String name = simpleClass + "." + method + (fixed.isEmpty() ? "" : " " + fixed);
            double error = metric.get("scoreError") instanceof Double d ? d : Double.NaN;
            Map<String, Double> secondaries = new TreeMap<>();
            if (run.get("secondaryMetrics") instanceof Map<?, ?> secondary) {
                for (Map.Entry<?, ?> e : secondary.entrySet()) {
                    Map<String, Object> m = (Map<String, Object>) e.getValue();
                    if (m.get("score") instanceof Double d) {
                        secondaries.put(String.valueOf(e.getKey()), d);
                    }
                }
            }
            Row row = new Row(label, (Double) metric.get("score"), error,
                    (String) metric.get("scoreUnit"), secondaries, forkMeans(metric));
            byKey.computeIfAbsent(family + "|" + name,
                    k -> new Comparison(family, name, mode, new ArrayList<>())).rows().add(row);
        }
        return new ArrayList<>(byKey.values());
    }

    /** The mean of each fork's measurement iterations (JMH's rawData: forks x iterations). */
    private static List<Double> forkMeans(Map<String, Object> metric) {
        List<Double> means = new ArrayList<>();
        if (metric.get("rawData") instanceof List<?> forks) {
            for (Object fork : forks) {
                if (fork instanceof List<?> iterations && !iterations.isEmpty()) {
                    double sum = 0;
                    for (Object it : iterations) {
                        sum += ((Number) it).doubleValue();
                    }
                    means.add(sum / iterations.size());
                }
            }
        }
        return means;
    }
}
