package io.github.signalbox.ordering;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * On a class path without an SLF4J provider, using the library prints nothing until something
 * is logged: the logger is created on the first report. Runs a child JVM with the test class
 * path minus the provider (slf4j-nop).
 */
class LazyLoggingTest {

    /** The child: uses ordered locks under WARN; logs a violation only if asked to. */
    public static final class Probe {
        public static void main(String[] args) {
            LockOrdering ordering = new LockOrdering(OrderingPolicies.WARN);
            OrderedLock a = ordering.newLock("a");
            OrderedLock b = ordering.newLock("b");
            a.lock();
            b.lock();
            b.unlock();
            a.unlock();
            if (args.length > 0) { // the opposite order: a violation, logged at WARN
                b.lock();
                a.lock();
                a.unlock();
                b.unlock();
            }
            System.out.println("probe done");
        }
    }

    private static String run(String... args) throws Exception {
        String classpath = Arrays.stream(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")).split(File.pathSeparator))
                .filter(entry -> !entry.contains("slf4j-nop"))
                .collect(Collectors.joining(File.pathSeparator));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String[] command = new String[args.length + 4];
        command[0] = java;
        command[1] = "-cp";
        command[2] = classpath;
        command[3] = Probe.class.getName();
        System.arraycopy(args, 0, command, 4, args.length);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    @Test
    void usingTheLibraryInitializesNoLogging() throws Exception {
        String out = run();
        assertTrue(out.contains("probe done"), out);
        assertFalse(out.contains("SLF4J"), out);
    }

    @Test
    void theFirstReportDoesAndSLF4JSaysItHasNoProvider() throws Exception {
        String out = run("violate");
        assertTrue(out.contains("No SLF4J providers"), "the check can fail: " + out);
    }
}
