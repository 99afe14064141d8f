package io.github.signalbox.stress.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.infra.StateCase;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.TestInfo;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.runners.TestList;

/**
 * The jcstress results of a run, read from jcstress's own result files
 * ({@code jcstress-results-*.bin.gz}, written next to where jcstress ran) and graded against the
 * outcomes each test declares (its {@code TestInfo}, from the TestList of the jar on the class
 * path). Results of one test from all JVM configurations are merged.
 */
final class JcstressEvidence {

    /** One observed outcome of a test, summed over its configurations. */
    record Outcome(String id, long count, String expect, String description) {
    }

    /** One test: what it proves, what was seen, and the verdict. */
    record Test(String name, String description, List<Outcome> outcomes, int configurations,
            boolean passed, List<String> problems) {

        /** The family: the package segment after {@code stress}. */
        String family() {
            String[] parts = name.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                if (parts[i].equals("stress")) {
                    return parts[i + 1];
                }
            }
            return "other";
        }

        /** The simple name, e.g. {@code OrderingTests.CrossingSetsTerminate}. */
        String shortName() {
            String[] parts = name.replace('$', '.').split("\\.");
            int first = parts.length - 1;
            while (first > 0 && Character.isUpperCase(parts[first - 1].charAt(0))) {
                first--;
            }
            return String.join(".", Arrays.asList(parts).subList(first, parts.length));
        }

        long samples() {
            return outcomes.stream().mapToLong(Outcome::count).sum();
        }
    }

    private JcstressEvidence() {
    }

    /** Reads every result file in {@code dir} (not recursively). */
    static List<Test> read(Path dir) {
        Map<String, List<TestResult>> byName = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String n = f.getFileName().toString();
                if (n.startsWith("jcstress-results-") && n.endsWith(".bin.gz")) {
                    DiskReadCollector reader = new DiskReadCollector(f.toString(),
                            r -> byName.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(r));
                    try {
                        reader.dump();
                    } catch (ClassNotFoundException e) {
                        throw new IllegalStateException("unreadable result file " + f, e);
                    } finally {
                        reader.close();
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Test> tests = new ArrayList<>();
        byName.forEach((name, results) -> tests.add(grade(name, results)));
        return tests;
    }

    private static Test grade(String name, List<TestResult> results) {
        TestInfo info = TestList.getInfo(name);
        Map<String, Long> counts = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (TestResult r : results) {
            if (r.status() != Status.NORMAL) {
                problems.add("a configuration ended " + r.status());
            }
            for (String key : r.getStateKeys()) {
                counts.merge(key, r.getCount(key), Long::sum);
            }
        }
        List<Outcome> outcomes = new ArrayList<>();
        boolean passed = problems.isEmpty() && !counts.isEmpty();
        if (counts.isEmpty()) {
            problems.add("no samples");
        }
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            StateCase c = info == null ? null : matching(info, e.getKey());
            Expect expect = c == null ? Expect.UNKNOWN : c.expect();
            String description = c == null ? "not declared by the test" : c.description();
            outcomes.add(new Outcome(e.getKey(), e.getValue(), expect.name(), description));
            if (e.getValue() > 0 && (expect == Expect.FORBIDDEN || expect == Expect.UNKNOWN)) {
                passed = false;
            }
        }
        if (info != null) {
            // the declared outcomes nobody observed, the forbidden ones above all: what would
            // have failed the test
            Set<StateCase> observed = new HashSet<>();
            for (String key : counts.keySet()) {
                StateCase c = matching(info, key);
                if (c != null) {
                    observed.add(c);
                }
            }
            List<StateCase> declared = new ArrayList<>(info.cases());
            if (info.unmatched() != null) {
                declared.add(info.unmatched()); // the catch-all: "any other outcome"
            }
            for (StateCase c : declared) {
                if (!observed.contains(c)) {
                    outcomes.add(new Outcome(c == info.unmatched() ? "any other" : pattern(c), 0L,
                            c.expect().name(), c.description() == null ? "" : c.description()));
                }
            }
        }
        String description = info == null ? "" : info.description();
        return new Test(name, description == null ? "" : description, outcomes, results.size(),
                passed, problems);
    }

    /** A declared case's pattern as a reader sees it: "any other outcome" for the catch-all. */
    private static String pattern(StateCase c) {
        String p = c.matchPattern();
        return p == null || p.isEmpty() || p.equals(".*") ? "any other" : p;
    }

    private static StateCase matching(TestInfo info, String state) {
        for (StateCase c : info.cases()) {
            if (c.matches(state)) {
                return c;
            }
        }
        return info.unmatched();
    }
}
