package io.github.signalbox.stress.gate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

/**
 * Runs the shaded jcstress jar in a child JVM and reads what it printed: which tests were
 * selected (from the jar's TestList), which passed, which failed, and the exit code. jcstress
 * exits 0 when a filter matches nothing ("No matching tests"), so the gate checks the selection
 * itself.
 */
final class JcstressRun {

    private static final Pattern VERDICT =
            Pattern.compile("\\[(OK|FAILED|ERROR|ERROR\\(\\w+\\))\\]\\s+([A-Za-z_][\\w$]*(?:\\.[\\w$]+)+)\\s*$",
                    Pattern.MULTILINE);

    final String filter;
    final Set<String> selected;
    final Set<String> passed = new TreeSet<>();
    final Set<String> failed = new TreeSet<>();
    final int exitCode;
    final String output;
    final Path log;

    private JcstressRun(String filter, Set<String> selected, int exitCode, String output,
            Path log) {
        this.filter = filter;
        this.selected = selected;
        this.exitCode = exitCode;
        this.output = output;
        this.log = log;
        Matcher m = VERDICT.matcher(output);
        while (m.find()) {
            (m.group(1).equals("OK") ? passed : failed).add(m.group(2));
        }
        passed.removeAll(failed); // a test is failed if any of its configurations failed
    }

    /**
     * Starts a jcstress run of every test whose name {@code regex} finds, with the configured
     * mode, in a child JVM; {@link Started#await()} waits for it and reads what it printed.
     */
    static Started start(String regex, String name) throws IOException {
        Path jar = Paths.get(System.getProperty("jcstress.jar", "target/jcstress.jar"));
        String mode = System.getProperty("jcstress.mode", "quick");
        Path workdir = Paths.get(System.getProperty("jcstress.workdir", "target/jcstress-runs"))
                .resolve(name);
        Files.createDirectories(workdir);
        List<String> cmd = new ArrayList<>(List.of(
                Paths.get(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toAbsolutePath().toString(),
                "-t", regex, "-m", mode, "-v",
                "-r", workdir.resolve("results").toString()));
        if (mode.equals("quick")) {
            // the lean quick settings of ../shared/testing-notes.md
            cmd.addAll(List.of("-sc", "false", "-jvmArgs", "-Xmx256m"));
        }
        Path log = workdir.resolve("jcstress.log");
        Process p = new ProcessBuilder(cmd).directory(workdir.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        return new Started(jar, regex, p, log);
    }

    /** A jcstress run in progress. */
    static final class Started {
        private final Path jar;
        private final String regex;
        private final Process process;
        private final Path log;

        private Started(Path jar, String regex, Process process, Path log) {
            this.jar = jar;
            this.regex = regex;
            this.process = process;
            this.log = log;
        }

        /** Waits (up to an hour) for the run to end and reads its verdicts. */
        JcstressRun await() throws IOException, InterruptedException {
            if (!process.waitFor(60, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new AssertionError("jcstress did not finish within an hour; log: " + log);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            return new JcstressRun(regex, testsInJar(jar, Pattern.compile(regex)),
                    process.exitValue(), output, log);
        }

        /** Ends the run if it is still going (a test that failed early leaves no orphan). */
        void stop() {
            process.destroyForcibly();
        }
    }

    /**
     * The tests named in the jar's META-INF/TestList that {@code selector} finds. Each line is
     * "JCTEST" followed by length-prefixed fields ("56Sio.github...."); the first is the name.
     */
    private static Set<String> testsInJar(Path jar, Pattern selector) throws IOException {
        Set<String> tests = new TreeSet<>();
        try (JarFile jf = new JarFile(jar.toFile())) {
            ZipEntry list = jf.getEntry("META-INF/TestList");
            String text = new String(jf.getInputStream(list).readAllBytes(), StandardCharsets.UTF_8);
            Pattern first = Pattern.compile("^JCTEST(\\d+)S");
            for (String line : text.split("\n")) {
                Matcher m = first.matcher(line);
                if (m.find()) {
                    String name = line.substring(m.end(), m.end() + Integer.parseInt(m.group(1)));
                    if (selector.matcher(name).find()) {
                        tests.add(name);
                    }
                }
            }
        }
        return tests;
    }

    boolean noMatchingTests() {
        return output.contains("No matching tests");
    }

    /** The lines worth showing when the gate fails. */
    String summary() {
        StringBuilder sb = new StringBuilder("jcstress -t ").append(filter)
                .append(": exit ").append(exitCode)
                .append("\n  selected: ").append(selected)
                .append("\n  passed:   ").append(passed)
                .append("\n  failed:   ").append(failed)
                .append("\n  log:      ").append(log.toAbsolutePath());
        for (String line : output.split("\n")) {
            if (line.contains("Observed forbidden") || line.contains("FATAL")) {
                sb.append("\n  | ").append(line.strip());
            }
        }
        return sb.toString();
    }
}
