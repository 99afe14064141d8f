package io.github.signalbox.stress.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evidence generator on recorded inputs from real runs (report-samples/): a jcstress default
 * run of OverlappingSetsExclude, a quick run of the racy-check mutant, Surefire's report of the
 * ordering Lincheck tests, a short JMH run, and a 1 s starvation experiment.
 */
class ReportsTest {

    private static final Path SAMPLES = Paths.get("src/test/resources/report-samples");

    @Test
    void jcstressResultsAreReadAndGradedAgainstTheDeclaredOutcomes() {
        List<JcstressEvidence.Test> tests = JcstressEvidence.read(SAMPLES.resolve("jcstress/tests"));
        assertEquals(1, tests.size());
        JcstressEvidence.Test t = tests.get(0);
        assertEquals("ordering", t.family());
        assertEquals("OrderingTests.OverlappingSetsExclude", t.shortName());
        assertTrue(t.passed(), t.toString());
        assertEquals(2, t.configurations());
        assertTrue(t.description().startsWith("Sets {a, b} and {c, b} share b"), t.description());
        assertTrue(t.outcomes().stream().filter(o -> o.count() > 0)
                .allMatch(o -> o.expect().equals("ACCEPTABLE")), t.toString());
        assertTrue(t.outcomes().stream().anyMatch(o -> o.count() == 0
                && o.expect().equals("FORBIDDEN") && o.id().equals("any other")),
                "the declared forbidden outcome nobody observed is listed: " + t);
        assertTrue(t.samples() > 1_000, t.toString());

        List<JcstressEvidence.Test> mutants =
                JcstressEvidence.read(SAMPLES.resolve("jcstress/mutants"));
        assertEquals(1, mutants.size());
        assertFalse(mutants.get(0).passed(), "the mutant's test failed");
        assertTrue(mutants.get(0).outcomes().stream()
                .anyMatch(o -> o.expect().equals("FORBIDDEN") && o.count() > 0));
    }

    @Test
    void lincheckChecksJoinSurefireVerdictsWithTheirRecordedConfiguration() {
        List<LincheckEvidence.Check> checks = LincheckEvidence.read(SAMPLES.resolve("lincheck"),
                SAMPLES.resolve("lincheck/settings.tsv"));
        assertEquals(8, checks.size());
        assertTrue(checks.stream().allMatch(LincheckEvidence.Check::passed));
        LincheckEvidence.Check sets = checks.stream()
                .filter(c -> c.test().equals("setsModelChecking")).findFirst().orElseThrow();
        assertEquals("ordering", sets.family());
        assertTrue(sets.configuration().startsWith("model checking, 10 scenarios x 300"),
                sets.configuration());
        assertTrue(sets.seconds() > 0);
    }

    @Test
    void jmhRunsAreGroupedIntoComparisonsWithBaselines() {
        List<JmhEvidence.Comparison> comparisons = JmhEvidence.read(SAMPLES.resolve("jmh.json"));
        JmhEvidence.Comparison nested = comparisons.stream()
                .filter(c -> c.name().equals("OrderingBenchmark.nested {depth=1}")).findFirst()
                .orElseThrow(() -> new AssertionError(comparisons.toString()));
        assertEquals("ordering", nested.family());
        assertEquals(4, nested.rows().size());
        JmhEvidence.Row checked = nested.rows().stream()
                .filter(r -> r.label().equals("SB_CHECKED")).findFirst().orElseThrow();
        assertEquals(List.of("GUAVA_CHECKED"),
                nested.baselinesOf(checked).stream().map(JmhEvidence.Row::label).toList());
        JmhEvidence.Comparison counter = comparisons.stream()
                .filter(c -> c.name().equals("CounterBenchmark.increment1")).findFirst()
                .orElseThrow(() -> new AssertionError(comparisons.toString()));
        JmhEvidence.Row ours = counter.rows().stream().filter(JmhEvidence.Row::ours).findFirst()
                .orElseThrow();
        assertEquals("signalbox", ours.label());
        assertEquals(List.of("jdkAtomicLong"),
                counter.baselinesOf(ours).stream().map(JmhEvidence.Row::label).toList());
    }

    @Test
    void theLockParameterAlsoNamesTheImplementation(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jmh.json");
        Files.writeString(json, "[" + run("SB_FAIR", 10) + "," + run("RRW_NONFAIR", 20) + "]",
                StandardCharsets.UTF_8);
        List<JmhEvidence.Comparison> comparisons = JmhEvidence.read(json);
        assertEquals(1, comparisons.size(), comparisons.toString());
        JmhEvidence.Comparison c = comparisons.get(0);
        assertEquals("ReadWriteLockBenchmark.uncontendedRead", c.name());
        assertEquals(List.of("RRW_NONFAIR"),
                c.baselinesOf(c.rows().get(0)).stream().map(JmhEvidence.Row::label).toList());
    }

    @Test
    void eachForksMeanIsKeptForTheForkRange(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("jmh.json");
        String threeForks = run("SB_FAIR", 20).replace("\"scoreUnit\": \"ns/op\"",
                "\"scoreUnit\": \"ns/op\", \"rawData\": [[10.0, 12.0], [30.0, 30.0], [19.0, 19.0]]");
        Files.writeString(json, "[" + threeForks + "," + run("RRW_NONFAIR", 20) + "]",
                StandardCharsets.UTF_8);
        JmhEvidence.Row ours = JmhEvidence.read(json).get(0).rows().get(0);
        assertEquals(List.of(11.0, 30.0, 19.0), ours.forkMeans());
        assertEquals(11.0, ours.fastestFork());
        assertEquals(30.0, ours.slowestFork());
        JmhEvidence.Row unrecorded = JmhEvidence.read(json).get(0).rows().get(1);
        assertEquals(List.of(), unrecorded.forkMeans());
        assertEquals(20.0, unrecorded.slowestFork());
    }

    private static String run(String lock, double score) {
        return "{\"benchmark\": \"io.github.signalbox.benchmarks.locks.ReadWriteLockBenchmark"
                + ".uncontendedRead\", \"mode\": \"avgt\", \"params\": {\"lock\": \"" + lock
                + "\"}, \"primaryMetric\": {\"score\": " + score + ", \"scoreError\": 1.0,"
                + " \"scoreUnit\": \"ns/op\"}}";
    }

    @Test
    void bothDocumentsAreWrittenWithWellFormedCharts(@TempDir Path docs) throws Exception {
        Reports.write(SAMPLES, docs);
        String stress = Files.readString(docs.resolve("stress-report.md"), StandardCharsets.UTF_8);
        for (String expected : new String[] {"# Stress-test report", "2 CPUs",
                "### OrderingTests.OverlappingSetsExclude: PASS", "| `0, 1` |", "ACCEPTABLE",
                "| ordering | 1 of 1 | 6 of 6 |", "| mutants (must be rejected) | 1 of 1 rejected | 2 of 2 rejected |", "## Mutants",
                "### OrderingMutantTests.RacyCheckOppositeOrdersReportedOnce: REJECTED",
                "FORBIDDEN", "| OrderingLincheckTest | modelCheckingFindsTheDeadlockOfUnsortedSets |"
                        + " model checking of one scenario (forward \\|\\| backward)",
                "## How to read a jcstress table", "| 0 | FORBIDDEN |"}) {
            assertTrue(stress.contains(expected), "missing '" + expected + "' in\n" + stress);
        }
        String bench = Files.readString(docs.resolve("benchmarks.md"), StandardCharsets.UTF_8);
        for (String expected : new String[] {"# Benchmark results", "## ordering",
                "### OrderingBenchmark.nested {depth=1}", "| **SB_CHECKED** |", "of GUAVA_CHECKED",
                "## Readers-writers starvation experiment", "| READER_PREFERENCE | writer-1 | 1 |",
                "charts/starvation-acquisitions.svg"}) {
            assertTrue(bench.contains(expected), "missing '" + expected + "' in\n" + bench);
        }
        try (Stream<Path> charts = Files.list(docs.resolve("charts"))) {
            List<Path> all = charts.toList();
            assertTrue(all.size() >= 4, all.toString());
            for (Path chart : all) {
                DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(chart.toFile());
                String svg = Files.readString(chart, StandardCharsets.UTF_8);
                assertTrue(svg.contains("is better"), "the axis says which way is better: " + chart);
                assertTrue(bench.contains("charts/" + chart.getFileName()), chart.toString());
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void miniJsonReadsWhatJmhWrites() {
        Map<String, Object> o = (Map<String, Object>) MiniJson.parse(
                "{\"a\": [1, 2.5e1, -3], \"s\": \"x\\\"y\\u0041\", \"t\": true, \"n\": null,"
                        + " \"e\": NaN}");
        assertEquals(List.of(1.0, 25.0, -3.0), o.get("a"));
        assertEquals("x\"yA", o.get("s"));
        assertEquals(Boolean.TRUE, o.get("t"));
        assertTrue(o.containsKey("n") && o.get("n") == null);
        assertTrue(Double.isNaN((Double) o.get("e")));
        assertThrows(IllegalArgumentException.class, () -> MiniJson.parse("{\"a\": }"));
    }
}
