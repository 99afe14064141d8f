package io.github.signalbox.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.Guard;
import io.github.signalbox.barriers.Barrier;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.ordering.LockOrdering;
import io.github.signalbox.ordering.OrderedLock;
import io.github.signalbox.ordering.OrderingPolicies;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The library loads and works on a runtime without the jdk.jfr module (as a jlink image with
 * java.base only): a child JVM limited to java.base runs contended waits, a barrier trip with an
 * action and an ordering violation, the paths that would create JFR events.
 */
class NoJfrModuleTest {

    /** The child JVM's program. */
    public static final class Probe {
        public static void main(String[] args) throws Exception {
            boolean jfr = ModuleLayer.boot().findModule("jdk.jfr").isPresent();
            ReadersWritersLock lock = ReadersWritersLock.builder().name("no-jfr").build();
            Thread reader;
            try (Guard g = lock.write()) {
                reader = new Thread(() -> lock.read().close());
                reader.start();
                while (LockSupport.getBlocker(reader) == null) {
                    Thread.onSpinWait();
                }
            }
            reader.join();
            Barrier barrier = Barrier.builder(1).action(() -> { }).name("b").build();
            barrier.await();
            LockOrdering ordering = new LockOrdering(OrderingPolicies.DISABLED);
            OrderedLock a = ordering.newLock("a");
            a.lock();
            a.unlock();
            System.out.println("jdk.jfr present=" + jfr + " waits=" + lock.contention().waits());
        }
    }

    @Test
    void runsWithJavaBaseOnly() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classpath = System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"));
        Process p = new ProcessBuilder(java, "--limit-modules", "java.base", "-cp", classpath,
                Probe.class.getName()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("jdk.jfr present=false waits=1"), out);
    }
}
