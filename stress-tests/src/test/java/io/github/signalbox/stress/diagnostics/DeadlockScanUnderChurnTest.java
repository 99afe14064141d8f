package io.github.signalbox.stress.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.diagnostics.DeadlockMutants;
import io.github.signalbox.diagnostics.DeadlockReport;
import io.github.signalbox.diagnostics.Deadlocks;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.ReadersWritersPolicy;
import io.github.signalbox.semaphores.BoundedSemaphore;
import io.github.signalbox.semaphores.Permit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.Lock;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The deadlock detector racing hand-offs: eight threads take one or two of five tracked
 * resources (readers-writers locks of all three policies, read or write, and a bounded
 * semaphore's permits) always in the same global order, hold them for up to about a hundred
 * microseconds and let go, while the test scans for deadlocks as fast as it can. Ordered
 * acquisition cannot deadlock, so every report is a phantom: a cycle joined from waits that
 * never existed at the same time. Eight running threads on two cores make sure the scanning
 * thread is often descheduled in the middle of a scan, which is when one snapshot goes stale.
 *
 * <p>The check that this test can fail: the detector without its confirming second snapshot
 * ({@link DeadlockMutants#findInOneSnapshot()}) must be caught reporting a phantom. Measured on
 * the 2-core AMD EPYC host (OpenJDK 17.0.15): its first phantom came after 37,000 and 78,000
 * scans (under a second); {@link Deadlocks#find()} made no report in 36 million scans over 60
 * seconds ({@code -Dchurn.seconds=60}; the full verification runs 300).
 */
class DeadlockScanUnderChurnTest {

    private static final int THREADS = 8;
    /** How long the real detector scans: {@code -Dchurn.seconds}, 8 by default. */
    private static final Duration CHURN = Duration.ofSeconds(Long.getLong("churn.seconds", 8L));
    /** Generous: the broken variant's first phantom came within about a second. */
    private static final Duration MUTANT_BUDGET = Duration.ofSeconds(60);

    @Test
    void theDetectorReportsNoDeadlockWhileResourcesChangeHands() throws InterruptedException {
        Scan scan = churnWhileScanning(Deadlocks::find, CHURN, false);
        System.out.println("Deadlocks.find() under churn: " + scan);
        assertTrue(scan.withParkedThreads > 0, "the churn never parked a thread: " + scan);
        assertEquals(List.of(), scan.firstPhantom, "a phantom deadlock: " + scan);
    }

    @Test
    void theChurnCatchesADetectorThatTrustsOneSnapshot() throws InterruptedException {
        Scan scan = churnWhileScanning(DeadlockMutants::findInOneSnapshot, MUTANT_BUDGET, true);
        System.out.println("one-snapshot detector under churn: " + scan.toString()
                .replaceAll("(?s); first report:.*", ""));
        assertTrue(scan.phantoms > 0, "the broken detector reported no phantom in "
                + MUTANT_BUDGET.toSeconds() + " s, so this test cannot tell it from the real"
                + " one: " + scan);
    }

    /** What the scanning saw. */
    private static final class Scan {
        long scans;
        long withParkedThreads;
        long phantoms;
        long rounds;
        List<DeadlockReport> firstPhantom = List.of();

        @Override
        public String toString() {
            return scans + " scans (" + withParkedThreads + " while a thread was parked on a"
                    + " resource), " + phantoms + " with a report, " + rounds
                    + " rounds of the workers" + (firstPhantom.isEmpty() ? ""
                    : "; first report:\n" + firstPhantom);
        }
    }

    /**
     * Runs the workers and scans with {@code detector} for {@code duration}, or until the first
     * report if {@code stopAtFirstReport}.
     */
    private static Scan churnWhileScanning(Supplier<List<DeadlockReport>> detector,
            Duration duration, boolean stopAtFirstReport) throws InterruptedException {
        List<Resource> ordered = resources();
        Scan scan = new Scan();
        long[] rounds = new long[THREADS];
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread w = new Thread(() -> work(ordered, rounds, id), "churn-" + t);
            w.setDaemon(true);
            workers.add(w);
        }
        workers.forEach(Thread::start);
        try {
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() - end < 0) {
                List<DeadlockReport> reports = detector.get();
                scan.scans++;
                if (anyParked(workers)) {
                    scan.withParkedThreads++;
                }
                if (!reports.isEmpty()) {
                    if (scan.phantoms++ == 0) {
                        scan.firstPhantom = reports;
                    }
                    if (stopAtFirstReport) {
                        break;
                    }
                }
            }
        } finally {
            workers.forEach(Thread::interrupt);
            for (Thread w : workers) {
                w.join(60_000);
                assertTrue(!w.isAlive(), w.getName() + " did not stop; a real deadlock?");
            }
        }
        for (long r : rounds) {
            scan.rounds += r;
        }
        return scan;
    }

    /** Whether a worker is parked on a signalbox primitive now (that the scans had work). */
    private static boolean anyParked(List<Thread> workers) {
        for (Thread w : workers) {
            Object blocker = java.util.concurrent.locks.LockSupport.getBlocker(w);
            if (blocker != null && blocker.getClass().getName().startsWith("io.github.signalbox")) {
                return true;
            }
        }
        return false;
    }

    /** One worker: one or two resources, always in list order, held briefly, until interrupted. */
    private static void work(List<Resource> ordered, long[] rounds, int id) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                int i = random.nextInt(ordered.size());
                int j = random.nextInt(ordered.size());
                try (AutoCloseable first = ordered.get(Math.min(i, j)).take(random);
                        AutoCloseable second = i == j ? null
                                : ordered.get(Math.max(i, j)).take(random)) {
                    for (int k = random.nextInt(2_000); k > 0; k--) {
                        Thread.onSpinWait(); // hold it a while, running: keep the cores busy
                    }
                }
                rounds[id]++;
            }
        } catch (InterruptedException stop) {
            // the test is over
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Something a worker takes and gives back. */
    private interface Resource {
        AutoCloseable take(ThreadLocalRandom random) throws InterruptedException;
    }

    private static List<Resource> resources() {
        List<Resource> list = new ArrayList<>();
        list.add(lock("fair", ReadersWritersPolicy.FAIR));
        list.add(lock("readers first", ReadersWritersPolicy.READER_PREFERENCE));
        BoundedSemaphore pool = BoundedSemaphore.builder(2).name("pool").trackHolders().build();
        list.add(random -> {
            Permit p = pool.acquirePermit();
            return p::close;
        });
        list.add(lock("writers first", ReadersWritersPolicy.WRITER_PREFERENCE));
        list.add(lock("fair 2", ReadersWritersPolicy.FAIR));
        return list;
    }

    private static Resource lock(String name, ReadersWritersPolicy policy) {
        ReadersWritersLock lock = ReadersWritersLock.builder().name(name).policy(policy)
                .trackHolders().build();
        return random -> {
            Lock l = random.nextBoolean() ? lock.readLock() : lock.writeLock();
            l.lockInterruptibly();
            return l::unlock;
        };
    }
}
