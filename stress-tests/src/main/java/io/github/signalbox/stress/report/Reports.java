package io.github.signalbox.stress.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Writes {@code stress-report.md} and {@code benchmarks.md} (with {@code charts/*.svg}) from the
 * report directory of a full verification run:
 * <pre>
 * REPORT/run-info.properties          what ran, with which settings, how long (written by the script)
 * REPORT/jcstress/tests/*.bin.gz      jcstress result files of the tests
 * REPORT/jcstress/mutants/*.bin.gz    ... and of the mutant tests (which must fail)
 * REPORT/lincheck/TEST-*.xml          Surefire reports of the Lincheck tests
 * REPORT/lincheck/settings.tsv        the Lincheck configuration of each check
 * REPORT/jmh.json                     JMH results
 * REPORT/starvation.tsv               the readers-writers starvation experiment
 * </pre>
 * Usage: {@code java -cp stress-tests/target/jcstress.jar io.github.signalbox.stress.report.Reports
 * REPORT DOCS} (the jar provides the jcstress TestList with each test's declared outcomes).
 */
public final class Reports {

    private static final Pattern MUTANT_CHECK = Pattern.compile("(?i)mutant|unsorted|racy");

    private Reports() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Reports REPORT_DIR DOCS_DIR");
            System.exit(2);
        }
        Path report = Paths.get(args[0]);
        Path docs = Paths.get(args[1]);
        write(report, docs);
        System.out.println("wrote " + docs.resolve("stress-report.md") + " and "
                + docs.resolve("benchmarks.md"));
    }

    /** Generates both documents. */
    static void write(Path report, Path docs) throws IOException {
        Files.createDirectories(docs.resolve("charts"));
        Properties info = new Properties();
        Path infoFile = report.resolve("run-info.properties");
        if (Files.exists(infoFile)) {
            try (var in = Files.newBufferedReader(infoFile, StandardCharsets.UTF_8)) {
                info.load(in);
            }
        }
        Files.writeString(docs.resolve("stress-report.md"), stressReport(report, info),
                StandardCharsets.UTF_8);
        Files.writeString(docs.resolve("benchmarks.md"), benchmarkReport(report, docs, info),
                StandardCharsets.UTF_8);
    }

    static String header(String title, Properties info) {
        StringBuilder s = new StringBuilder("# ").append(title).append("\n\n");
        s.append("Generated from one run of `scripts/full-verification` on ")
                .append(info.getProperty("date", LocalDate.now().toString())).append(": ")
                .append(info.getProperty("jdk", System.getProperty("java.vm.name") + " "
                        + System.getProperty("java.version")))
                .append(", ").append(info.getProperty("os", System.getProperty("os.name") + " "
                        + System.getProperty("os.version") + " " + System.getProperty("os.arch")))
                .append(", ").append(info.getProperty("cpus",
                        String.valueOf(Runtime.getRuntime().availableProcessors())))
                .append(" CPUs");
        if (info.getProperty("cpu") != null) {
            s.append(" (").append(info.getProperty("cpu")).append(")");
        }
        if (info.getProperty("minutes") != null) {
            s.append(", ").append(info.getProperty("minutes")).append(" minutes in all");
        }
        s.append(". Do not edit: regenerate with `bash scripts/full-verification`.\n\n");
        return s.toString();
    }

    // ---------------------------------------------------------------- stress report

    static String stressReport(Path report, Properties info) {
        List<JcstressEvidence.Test> tests = dirExists(report.resolve("jcstress/tests"))
                ? JcstressEvidence.read(report.resolve("jcstress/tests")) : List.of();
        List<JcstressEvidence.Test> mutants = dirExists(report.resolve("jcstress/mutants"))
                ? JcstressEvidence.read(report.resolve("jcstress/mutants")) : List.of();
        List<LincheckEvidence.Check> checks = dirExists(report.resolve("lincheck"))
                ? LincheckEvidence.read(report.resolve("lincheck"),
                        report.resolve("lincheck/settings.tsv")) : List.of();
        List<LincheckEvidence.Check> linMutants = new ArrayList<>();
        List<LincheckEvidence.Check> linChecks = new ArrayList<>();
        for (LincheckEvidence.Check c : checks) {
            (MUTANT_CHECK.matcher(c.test()).find() ? linMutants : linChecks).add(c);
        }

        StringBuilder s = new StringBuilder(header("Stress-test report", info));
        s.append("jcstress: `").append(info.getProperty("jcstress", "?")).append("`. Lincheck: ")
                .append(info.getProperty("lincheck", "the test command's settings"))
                .append(".\n\n");
        s.append("Each jcstress test lists every outcome it observed, summed over its JVM"
                + " configurations, with the expectation the test declares: ACCEPTABLE and"
                + " ACCEPTABLE_INTERESTING outcomes are allowed, a FORBIDDEN (or undeclared)"
                + " outcome fails the test. Termination tests report TERMINATED or STALE (a thread"
                + " that never woke up).\n\n");

        Map<String, List<JcstressEvidence.Test>> byFamily = new TreeMap<>();
        for (JcstressEvidence.Test t : tests) {
            byFamily.computeIfAbsent(t.family(), k -> new ArrayList<>()).add(t);
        }
        Map<String, List<LincheckEvidence.Check>> linByFamily = new TreeMap<>();
        for (LincheckEvidence.Check c : linChecks) {
            linByFamily.computeIfAbsent(c.family(), k -> new ArrayList<>()).add(c);
        }
        List<String> families = new ArrayList<>(byFamily.keySet());
        for (String f : linByFamily.keySet()) {
            if (!families.contains(f)) {
                families.add(f);
            }
        }

        s.append("## How to read a jcstress table\n\n"
                + "Each jcstress test runs a few actors (threads) against one fresh object, over and"
                + " over, and records what they observed as an outcome tuple: the values of the"
                + " result fields, in the order the test declares them (the test's description"
                + " names them, e.g. `r1, r2`). Every table lists the outcomes observed, with"
                + " their counts, and then the outcomes the test declares but nobody observed"
                + " (count 0): a FORBIDDEN row is a result that would have failed the test, i.e."
                + " the invariant the test encodes. ACCEPTABLE outcomes are correct results,"
                + " ACCEPTABLE_INTERESTING ones correct but worth seeing (a race resolved the rare"
                + " way). An outcome that matches no declared row fails the test as well."
                + " Declared rows are patterns (regular expressions) over the tuple text.\n\n");
        s.append("## Summary\n\n| family | jcstress tests passed | Lincheck checks passed |\n"
                + "|---|---|---|\n");
        for (String f : families) {
            List<JcstressEvidence.Test> jt = byFamily.getOrDefault(f, List.of());
            List<LincheckEvidence.Check> lc = linByFamily.getOrDefault(f, List.of());
            s.append("| ").append(f).append(" | ")
                    .append(jt.stream().filter(JcstressEvidence.Test::passed).count()).append(" of ")
                    .append(jt.size()).append(" | ")
                    .append(lc.stream().filter(LincheckEvidence.Check::passed).count())
                    .append(" of ").append(lc.size()).append(" |\n");
        }
        s.append("| mutants (must be rejected) | ")
                .append(mutants.stream().filter(t -> !t.passed()).count()).append(" of ")
                .append(mutants.size()).append(" rejected | ")
                .append(linMutants.stream().filter(LincheckEvidence.Check::passed).count())
                .append(" of ").append(linMutants.size()).append(" rejected |\n\n");

        for (String f : families) {
            s.append("## ").append(f).append("\n\n");
            for (JcstressEvidence.Test t : byFamily.getOrDefault(f, List.of())) {
                jcstressTest(s, t, t.passed() ? "PASS" : "FAIL");
            }
            List<LincheckEvidence.Check> lc = linByFamily.getOrDefault(f, List.of());
            if (!lc.isEmpty()) {
                s.append("### Lincheck\n\n");
                lincheckTable(s, lc, "PASS", "FAIL");
            }
        }

        s.append("## Mutants\n\nDeliberately broken variants of the primitives. Each must be"
                + " rejected: its jcstress test must FAIL (a FORBIDDEN or STALE outcome observed),"
                + " and its Lincheck check passes only when Lincheck reports the mutant's"
                + " failure.\n\n");
        for (JcstressEvidence.Test t : mutants) {
            jcstressTest(s, t, t.passed() ? "NOT REJECTED (the test passed: it cannot see this"
                    + " bug)" : "REJECTED");
        }
        if (!linMutants.isEmpty()) {
            s.append("### Lincheck\n\n");
            lincheckTable(s, linMutants, "REJECTED", "NOT REJECTED");
        }
        Path soak = report.resolve("soak.md");
        if (Files.exists(soak)) {
            s.append("## Soak\n\nEvery family at once under random hostile use (timeouts of"
                    + " zero, a microsecond and milliseconds, interrupts, cancelled and timed-out"
                    + " asynchronous requests, bound changes, parties joining and leaving,"
                    + " aborts and resets), with all workers brought to quiescence every 5 s to"
                    + " check conservation (`io.github.signalbox.stress.soak.Soak`).\n\n")
                    .append(readSoakReport(soak)).append('\n');
        }
        return s.toString();
    }

    private static String readSoakReport(Path soak) {
        try {
            return Files.readString(soak, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void jcstressTest(StringBuilder s, JcstressEvidence.Test t, String verdict) {
        s.append("### ").append(t.shortName()).append(": ").append(verdict).append("\n\n");
        if (!t.description().isEmpty()) {
            s.append(t.description()).append("\n\n");
        }
        s.append("`").append(t.name()).append("`, ").append(t.configurations())
                .append(" JVM configurations, ").append(String.format(Locale.ROOT, "%,d",
                        t.samples())).append(" samples");
        if (!t.problems().isEmpty()) {
            s.append("; ").append(String.join("; ", t.problems()));
        }
        s.append(".\n\n| outcome | count | expectation | meaning |\n|---|---|---|---|\n");
        for (JcstressEvidence.Outcome o : t.outcomes()) {
            s.append("| `").append(cell(o.id())).append("` | ")
                    .append(String.format(Locale.ROOT, "%,d", o.count())).append(" | ")
                    .append(o.expect()).append(" | ").append(cell(o.description()))
                    .append(" |\n");
        }
        s.append('\n');
    }

    /** Text for a Markdown table cell: a {@code |} would end the cell. */
    static String cell(String text) {
        return text.replace("|", "\\|");
    }

    private static void lincheckTable(StringBuilder s, List<LincheckEvidence.Check> checks,
            String pass, String fail) {
        s.append("| test class | check | configuration | time | result |\n|---|---|---|---|---|\n");
        for (LincheckEvidence.Check c : checks) {
            s.append("| ").append(c.simpleClass()).append(" | ").append(cell(c.test()))
                    .append(" | ").append(c.configuration().isEmpty() ? "(not recorded)"
                            : cell(c.configuration()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f s", c.seconds()))
                    .append(" | ").append(c.passed() ? pass : fail).append(" |\n");
        }
        s.append('\n');
    }

    // ---------------------------------------------------------------- benchmark report

    static String benchmarkReport(Path report, Path docs, Properties info) throws IOException {
        StringBuilder s = new StringBuilder(header("Benchmark results", info));
        s.append("JMH ").append(info.getProperty("jmh", "")).append(": one short run of every"
                + " benchmark on the machine above, each signalbox implementation next to the JDK"
                + " (or Guava) class a user would otherwise pick, measured in the same run. The"
                + " +- is JMH's 99.9% confidence half-width; the ratio's +- combines both errors;"
                + " with more than one fork, \"forks a..b\" gives the lowest and highest fork"
                + " mean (forks of two-thread benchmarks can differ several-fold on 2 cores)."
                + " Time per operation: lower is better, a ratio below 1 means signalbox is"
                + " faster. Throughput (ops/us): higher is better. Expect wide error bars on a"
                + " shared 2-core machine.");
        if (info.getProperty("jmhRun") != null) {
            s.append(" The JMH results come from a separate run of the script's JMH phase, with"
                    + " the settings above, on the same machine: ")
                    .append(info.getProperty("jmhRun")).append('.');
        }
        s.append("\n\n");
        Path jmh = report.resolve("jmh.json");
        List<JmhEvidence.Comparison> comparisons = Files.exists(jmh) ? JmhEvidence.read(jmh)
                : List.of();
        Map<String, List<JmhEvidence.Comparison>> byFamily = new LinkedHashMap<>();
        for (JmhEvidence.Comparison c : comparisons) {
            byFamily.computeIfAbsent(c.family(), k -> new ArrayList<>()).add(c);
        }
        for (Map.Entry<String, List<JmhEvidence.Comparison>> e : new TreeMap<>(byFamily)
                .entrySet()) {
            s.append("## ").append(e.getKey()).append("\n\n");
            for (JmhEvidence.Comparison c : e.getValue()) {
                comparison(s, c, docs);
            }
        }
        Path starvation = report.resolve("starvation.tsv");
        if (Files.exists(starvation)) {
            starvation(s, Files.readAllLines(starvation, StandardCharsets.UTF_8), docs);
        }
        return s.toString();
    }

    private static void comparison(StringBuilder s, JmhEvidence.Comparison c, Path docs)
            throws IOException {
        String unit = c.rows().get(0).unit();
        s.append("### ").append(c.name()).append("\n\n");
        List<Svg.Bar> bars = new ArrayList<>();
        for (JmhEvidence.Row r : c.rows()) {
            bars.add(new Svg.Bar(r.label(), r.score(), r.error(), r.ours()));
        }
        String file = "charts/" + c.family() + "-" + c.name().replaceAll("[^A-Za-z0-9]+", "-")
                .replaceAll("-+$", "") + ".svg";
        Files.writeString(docs.resolve(file), Svg.bars(c.name(), unit, c.higherIsBetter(),
                new String[] {"signalbox", "JDK or Guava"}, bars), StandardCharsets.UTF_8);
        s.append("![").append(c.name()).append("](").append(file).append(")\n\n");
        List<Svg.Split> splits = new ArrayList<>();
        for (JmhEvidence.Row r : c.rows()) {
            Double reader = r.secondaries().get("reader");
            Double writer = r.secondaries().get("writer");
            if (reader != null && writer != null && reader + writer > 0) {
                splits.add(new Svg.Split(r.label(), reader / (reader + writer), r.ours()));
            }
        }
        if (!splits.isEmpty()) {
            String shares = file.replace(".svg", "-shares.svg");
            Files.writeString(docs.resolve(shares), Svg.shares(c.name() + ": who got the lock",
                    new String[] {"reader", "writer"}, splits), StandardCharsets.UTF_8);
            s.append("![").append(c.name()).append(" shares](").append(shares).append(")\n\n");
        }
        s.append("| implementation | ").append(unit).append(" | ratio |\n|---|---|---|\n");
        for (JmhEvidence.Row r : c.rows()) {
            s.append("| ").append(r.ours() ? "**" + r.label() + "**" : r.label()).append(" | ")
                    .append(Svg.number(r.score()));
            if (!Double.isNaN(r.error())) {
                s.append(" +- ").append(Svg.number(r.error()));
            }
            if (r.forkMeans().size() > 1) {
                s.append(" (forks ").append(Svg.number(r.fastestFork())).append("..")
                        .append(Svg.number(r.slowestFork())).append(')');
            }
            s.append(" | ");
            List<String> ratios = new ArrayList<>();
            for (JmhEvidence.Row b : c.baselinesOf(r)) {
                double ratio = r.score() / b.score();
                double rel = Math.sqrt(square(r.error() / r.score()) + square(b.error() / b.score()));
                ratios.add(String.format(Locale.ROOT, "x%.3f", ratio)
                        + (Double.isNaN(rel) ? "" : String.format(Locale.ROOT, " +- %.3f",
                                ratio * rel)) + " of " + b.label());
            }
            s.append(String.join("; ", ratios)).append(" |\n");
        }
        s.append('\n');
    }

    private static double square(double x) {
        return x * x;
    }

    /** Lines: policy, thread, acquisitions, longest wait in ms (tab-separated, header first). */
    private static void starvation(StringBuilder s, List<String> lines, Path docs)
            throws IOException {
        s.append("## Readers-writers starvation experiment\n\n3 reader threads and 2 writer"
                + " threads hammer one `ReadersWritersLock` per policy (`ReadersWritersDemo`):"
                + " acquisitions per thread and the longest wait of each thread. Reader preference"
                + " starves the writers. Writer preference serves the writers first: readers get"
                + " fewer turns and far longer waits, and starve outright only while some writer"
                + " is always waiting, which two writers that pause briefly between writes do not"
                + " quite achieve. FAIR serves everybody about equally.\n\n");
        List<Svg.Bar> acquisitions = new ArrayList<>();
        List<Svg.Bar> waits = new ArrayList<>();
        s.append("| policy | thread | acquisitions | longest wait (ms) |\n|---|---|---|---|\n");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t");
            if (f.length < 4) {
                continue;
            }
            String label = f[0] + " " + f[1];
            boolean writer = f[1].startsWith("writer");
            acquisitions.add(new Svg.Bar(label, Double.parseDouble(f[2]), Double.NaN, writer));
            waits.add(new Svg.Bar(label, Double.parseDouble(f[3]), Double.NaN, writer));
            s.append("| ").append(f[0]).append(" | ").append(f[1]).append(" | ").append(f[2])
                    .append(" | ").append(f[3]).append(" |\n");
        }
        Files.writeString(docs.resolve("charts/starvation-acquisitions.svg"),
                Svg.bars("Acquisitions per thread", "acquisitions", true,
                        new String[] {"writer", "reader"}, acquisitions),
                StandardCharsets.UTF_8);
        Files.writeString(docs.resolve("charts/starvation-longest-wait.svg"),
                Svg.bars("Longest wait per thread", "ms", false,
                        new String[] {"writer", "reader"}, waits),
                StandardCharsets.UTF_8);
        s.append("\n![acquisitions](charts/starvation-acquisitions.svg)\n\n")
                .append("![longest wait](charts/starvation-longest-wait.svg)\n");
    }

    private static boolean dirExists(Path p) {
        return Files.isDirectory(p);
    }
}
