package io.github.signalbox.stress.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The Lincheck tests of a run: verdicts and times from Surefire's XML reports, joined with the
 * Lincheck configuration each test asked for (mode, scenarios, invocations, threads), which the
 * stress-tests' {@code LincheckSettings} records when {@code -Dlincheck.record=FILE} is set.
 */
final class LincheckEvidence {

    /** One Lincheck check. {@code configuration} is empty if it was not recorded. */
    record Check(String testClass, String test, boolean passed, double seconds,
            String configuration) {

        String family() {
            String[] parts = testClass.split("\\.");
            return parts.length >= 2 ? parts[parts.length - 2] : "other";
        }

        String simpleClass() {
            return testClass.substring(testClass.lastIndexOf('.') + 1);
        }
    }

    private LincheckEvidence() {
    }

    /**
     * Reads {@code TEST-*LincheckTest.xml} in {@code surefireDir} and the configuration records in
     * {@code recordFile} (tab-separated: class, method, configuration; may be missing).
     */
    static List<Check> read(Path surefireDir, Path recordFile) {
        Map<String, String> configurations = new HashMap<>();
        try {
            if (Files.exists(recordFile)) {
                for (String line : Files.readAllLines(recordFile, StandardCharsets.UTF_8)) {
                    String[] f = line.split("\t", 3);
                    if (f.length == 3) {
                        configurations.merge(f[0] + "#" + f[1], f[2], (a, b) -> a.equals(b) ? a
                                : a + "; " + b);
                    }
                }
            }
            List<Check> checks = new ArrayList<>();
            try (Stream<Path> files = Files.list(surefireDir)) {
                for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                    String n = f.getFileName().toString();
                    if (n.startsWith("TEST-") && n.endsWith("LincheckTest.xml")) {
                        checks.addAll(parse(f, configurations));
                    }
                }
            }
            return checks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Check> parse(Path xml, Map<String, String> configurations) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = factory.newDocumentBuilder().parse(xml.toFile());
            NodeList cases = doc.getElementsByTagName("testcase");
            List<Check> checks = new ArrayList<>();
            for (int i = 0; i < cases.getLength(); i++) {
                Element c = (Element) cases.item(i);
                String cls = c.getAttribute("classname");
                String name = c.getAttribute("name");
                boolean failed = c.getElementsByTagName("failure").getLength() > 0
                        || c.getElementsByTagName("error").getLength() > 0
                        || c.getElementsByTagName("skipped").getLength() > 0;
                double seconds = c.getAttribute("time").isEmpty() ? 0
                        : Double.parseDouble(c.getAttribute("time").replace(",", ""));
                String method = name.replaceAll("[(\\[].*$", ""); // parameterized: "m(P)[1]"
                checks.add(new Check(cls, name, !failed, seconds,
                        configurations.getOrDefault(cls + "#" + method, "")));
            }
            return checks;
        } catch (Exception e) {
            throw new IllegalStateException("unreadable Surefire report " + xml, e);
        }
    }
}
