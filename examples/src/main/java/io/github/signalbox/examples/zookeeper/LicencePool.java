package io.github.signalbox.examples.zookeeper;

import io.github.signalbox.zookeeper.ZkBoundedSemaphore;
import io.github.signalbox.zookeeper.ZkCounter;
import io.github.signalbox.zookeeper.ZkPermit;
import io.github.signalbox.zookeeper.ZkPrimitives;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Three worker <em>processes</em> share a pool of 2 licences for a licensed service through a
 * {@link ZkBoundedSemaphore} on ZooKeeper: never more than 2 calls at once across all of them.
 * Each worker counts the calls in flight on a shared {@link ZkCounter} and reports the most it
 * saw; the coordinator checks the report.
 *
 * <p>The coordinator starts an embedded ZooKeeper server ({@link ZkPrimitives#embedded}, for
 * development and tests only) and launches the workers as separate JVMs with its connect string.
 * Against a real ensemble, each worker would run {@code worker} with the ensemble's connect
 * string. Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.zookeeper.LicencePool}.
 */
public final class LicencePool {

    public static final int LICENCES = 2;
    public static final int WORKERS = 3;
    public static final int CALLS_PER_WORKER = 5;

    /** What the coordinator saw: calls made and the most in flight at once. */
    public record Result(long calls, long mostInFlight) {
    }

    private LicencePool() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("worker")) {
            worker(args[1], args[2], Integer.parseInt(args[3]));
            return;
        }
        Result r = run(System.getProperty("java.class.path"));
        System.out.printf("%d worker processes made %d licensed calls; at most %d were in flight"
                + " at once (the pool has %d licences)%n", WORKERS, r.calls(), r.mostInFlight(),
                LICENCES);
    }

    /** Starts the embedded server and the worker processes, waits for them, reads the counters. */
    public static Result run(String classpath) throws Exception {
        try (ZkPrimitives zk = ZkPrimitives.embedded("/licence-pool")) {
            zk.boundedSemaphore("licences", LICENCES);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<Process> workers = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                workers.add(new ProcessBuilder(java, "-Xmx64m", "-XX:TieredStopAtLevel=1", "-cp",
                        classpath, LicencePool.class.getName(), "worker", zk.connectString(),
                        "/licence-pool", Integer.toString(i)).inheritIO().start());
            }
            for (Process w : workers) {
                if (!w.waitFor(120, TimeUnit.SECONDS) || w.exitValue() != 0) {
                    throw new IllegalStateException("a worker process failed");
                }
            }
            return new Result(zk.counter("calls").get(), zk.counter("most-in-flight").get());
        }
    }

    /** One worker process: each call holds a licence; the counters record what it saw. */
    static void worker(String connectString, String namespace, int id) throws Exception {
        try (ZkPrimitives zk = ZkPrimitives.connect(connectString, namespace)) {
            ZkBoundedSemaphore licences = zk.boundedSemaphore("licences", LICENCES);
            ZkCounter inFlight = zk.counter("in-flight");
            ZkCounter most = zk.counter("most-in-flight");
            ZkCounter calls = zk.counter("calls");
            for (int call = 0; call < CALLS_PER_WORKER; call++) {
                try (ZkPermit licence = licences.acquirePermit()) {
                    long now = inFlight.incrementAndGet();
                    most.updateAndGet(m -> Math.max(m, now));
                    callLicensedService(id, licence.fence());
                    inFlight.decrementAndGet();
                }
                calls.incrementAndGet();
            }
        }
    }

    private static void callLicensedService(int worker, long fence) throws InterruptedException {
        // a real service would be given the fencing token and reject tokens older than the last
        Thread.sleep(20); // the call itself: stands in for remote work
    }
}
