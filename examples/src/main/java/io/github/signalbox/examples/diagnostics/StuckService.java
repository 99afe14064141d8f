package io.github.signalbox.examples.diagnostics;

import io.github.signalbox.Guard;
import io.github.signalbox.diagnostics.DeadlockReport;
import io.github.signalbox.diagnostics.Deadlocks;
import io.github.signalbox.locks.ReadersWritersLock;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

/**
 * "What is this service stuck on?": a service with a slow writer and a read/write deadlock, and
 * the two tools that answer the question. {@link Deadlocks#find()} names the deadlocked threads,
 * what each holds and waits for (the JDK's {@code ThreadMXBean.findDeadlockedThreads()} sees
 * nothing: read holds have no owner); a JFR recording shows every wait longer than 10 ms, with
 * the lock's name, the mode, the queue it found and how the wait ended.
 *
 * <p>The same JFR events come from the command line:
 * {@code java -XX:StartFlightRecording:filename=app.jfr,settings=profile ...} records waits of
 * 20 ms or more (the event's default threshold), and
 * {@code jfr print --events io.github.signalbox.ContendedWait app.jfr} prints them.
 *
 * <p>Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.diagnostics.StuckService}.
 */
public final class StuckService {

    /** What the run found: the deadlocked threads and the recorded waits on the slow lock. */
    public record Result(List<String> deadlocked, boolean jdkSawIt, int slowWaitsRecorded) {
    }

    private StuckService() {
    }

    public static Result run() throws Exception {
        Path jfrFile = Files.createTempFile("stuck-service", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.github.signalbox.ContendedWait").withThreshold(Duration.ofMillis(10));
            recording.start();

            slowWriter();
            Result result = deadlockFoundAndEnded();

            recording.stop();
            recording.dump(jfrFile);
            int slowWaits = printWaits(RecordingFile.readAllEvents(jfrFile));
            return new Result(result.deadlocked(), result.jdkSawIt(), slowWaits);
        } finally {
            Files.deleteIfExists(jfrFile);
        }
    }

    /** A writer keeps "inventory" for 150 ms while two readers wait for it. */
    private static void slowWriter() throws InterruptedException {
        ReadersWritersLock inventory = ReadersWritersLock.builder().name("inventory").build();
        List<Thread> readers = new ArrayList<>();
        try (Guard g = inventory.write()) {
            for (int i = 1; i <= 2; i++) {
                Thread reader = new Thread(() -> inventory.read().close(), "report-" + i);
                readers.add(reader);
                reader.start();
            }
            while (inventory.getQueuedReaderCount() < 2) {
                Thread.onSpinWait();
            }
            TimeUnit.MILLISECONDS.sleep(150); // the slow part of the "write"
        }
        for (Thread reader : readers) {
            reader.join();
        }
    }

    /**
     * Two request threads: one reads "orders" and then wants to write "payments", the other reads
     * "payments" and then wants to write "orders". Both locks track their read holders, which the
     * detector needs to see a deadlock of read holds.
     */
    private static Result deadlockFoundAndEnded() throws InterruptedException {
        ReadersWritersLock orders = ReadersWritersLock.builder().name("orders").trackHolders()
                .build();
        ReadersWritersLock payments = ReadersWritersLock.builder().name("payments")
                .trackHolders().build();
        CountDownLatch bothRead = new CountDownLatch(2);
        Thread checkout = request("checkout", orders.readLock(), payments.writeLock(), bothRead);
        Thread refund = request("refund", payments.readLock(), orders.writeLock(), bothRead);

        List<DeadlockReport> reports = Deadlocks.find();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (reports.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
            reports = Deadlocks.find();
        }
        long[] jdk = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        System.out.println("  ThreadMXBean.findDeadlockedThreads(): "
                + (jdk == null ? "none (read holds have no owner)" : jdk.length + " threads"));
        List<String> deadlocked = new ArrayList<>();
        for (DeadlockReport report : reports) {
            System.out.println("  Deadlocks.find(): deadlock among " + report.threads().size()
                    + " threads");
            for (DeadlockReport.Participant p : report.threads()) {
                deadlocked.add(p.thread().getName());
                System.out.println("    \"" + p.thread().getName() + "\" waits for "
                        + p.waitsFor());
                p.holds().forEach(h -> System.out.println("        holds " + h));
                System.out.println("        at " + firstFrameOutsideTheLibrary(p.stack()));
            }
        }
        checkout.interrupt(); // what an operator's remedy would do: end one request
        refund.interrupt();
        checkout.join();
        refund.join();
        return new Result(deadlocked, jdk != null, 0);
    }

    private static Thread request(String name, Lock first, Lock then, CountDownLatch bothHold) {
        Thread t = new Thread(() -> {
            first.lock();
            try {
                bothHold.countDown();
                bothHold.await();
                then.lockInterruptibly();
                then.unlock();
            } catch (InterruptedException e) {
                // ended by the operator
            } finally {
                first.unlock();
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static String firstFrameOutsideTheLibrary(List<StackTraceElement> stack) {
        return stack.stream()
                .filter(f -> !f.getClassName().startsWith("io.github.signalbox.locks")
                        && !f.getClassName().startsWith("java.")
                        && !f.getClassName().startsWith("jdk."))
                .findFirst().map(StackTraceElement::toString).orElse("?");
    }

    /** Prints the recorded waits; returns how many were on "inventory". */
    private static int printWaits(List<RecordedEvent> events) {
        int onInventory = 0;
        System.out.println("  JFR io.github.signalbox.ContendedWait events (10 ms or more):");
        for (RecordedEvent e : events) {
            if (!e.getEventType().getName().equals("io.github.signalbox.ContendedWait")) {
                continue;
            }
            if ("inventory".equals(e.getString("name"))) {
                onInventory++;
            }
            System.out.printf("    %-9s %s \"%s\" %s, queue %d on arrival, %s after %s ms%n",
                    e.getThread().getJavaName(), e.getString("primitive"), e.getString("name"),
                    e.getString("mode"), e.getInt("queueLength"), e.getString("outcome"),
                    e.getDuration().toMillis() >= 100 ? "100+" : "10+");
        }
        return onInventory;
    }

    public static void main(String[] args) throws Exception {
        Result r = run();
        System.out.println("  deadlocked: " + r.deadlocked() + "; slow waits on inventory: "
                + r.slowWaitsRecorded());
    }
}
