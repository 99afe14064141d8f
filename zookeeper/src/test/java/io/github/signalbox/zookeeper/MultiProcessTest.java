package io.github.signalbox.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Three JVMs contend for the exclusive lock and a 2-permit semaphore around plain files. */
class MultiProcessTest {

    private static final int WORKERS = 3;
    private static final int ITERATIONS = 30;

    @Test
    void exclusionAndTheBoundHoldAcrossRealProcesses(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("counter"), "0");
        String classpath = System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String namespace = ZkTesting.namespace();
        List<Process> workers = new ArrayList<>();
        for (int i = 0; i < WORKERS; i++) {
            workers.add(new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                    classpath, MultiProcessWorker.class.getName(),
                    ZkTesting.server().getConnectString(), namespace, dir.toString(),
                    Integer.toString(ITERATIONS))
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("worker-" + i + ".log").toFile())
                    .start());
        }
        for (int i = 0; i < WORKERS; i++) {
            Process w = workers.get(i);
            assertTrue(w.waitFor(120, TimeUnit.SECONDS), "worker " + i + " finished");
            assertEquals(0, w.exitValue(), () -> log(dir, workers.indexOf(w)));
        }

        assertEquals(WORKERS * ITERATIONS, Long.parseLong(Files.readString(
                dir.resolve("counter")).trim()), "no lost update: the lock excluded");
        List<String> fences = Files.readAllLines(dir.resolve("fences"));
        long last = 0;
        for (String line : fences) {
            long fence = Long.parseLong(line.split(" ")[0]);
            assertTrue(fence > last, "tokens increase in the order of the holds: " + fences);
            last = fence;
        }
        Set<String> inside = new HashSet<>();
        int most = 0;
        for (String line : Files.readAllLines(dir.resolve("slots"))) {
            String[] f = line.split(" ");
            if (f[0].equals("+")) {
                inside.add(f[1] + " " + f[2]);
            } else {
                inside.remove(f[1] + " " + f[2]);
            }
            most = Math.max(most, inside.size());
        }
        assertTrue(most <= 2, "at most the bound inside at once, saw " + most);
        assertTrue(most >= 1);
    }

    private static String log(Path dir, int worker) {
        try {
            return Files.readString(dir.resolve("worker-" + worker + ".log"));
        } catch (Exception e) {
            return e.toString();
        }
    }
}
