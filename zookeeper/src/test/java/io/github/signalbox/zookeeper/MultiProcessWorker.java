package io.github.signalbox.zookeeper;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One worker process of {@link MultiProcessTest}: under the exclusive lock it increments a
 * counter kept in a plain file (a lost update would show), and under a permit of a 2-permit
 * semaphore it appends enter/exit records (more than two inside at once would show).
 * Arguments: connect string, namespace, work directory, iterations.
 */
public final class MultiProcessWorker {

    private MultiProcessWorker() {
    }

    public static void main(String[] args) throws Exception {
        String connectString = args[0];
        String namespace = args[1];
        Path dir = Path.of(args[2]);
        int iterations = Integer.parseInt(args[3]);
        long pid = ProcessHandle.current().pid();
        try (ZkPrimitives zk = ZkPrimitives.connect(connectString, namespace)) {
            ZkReadersWritersLock lock = zk.readersWritersLock("file-lock");
            ZkBoundedSemaphore slots = zk.boundedSemaphore("slots", 2);
            Path counter = dir.resolve("counter");
            Path fences = dir.resolve("fences");
            Path slotLog = dir.resolve("slots");
            for (int i = 0; i < iterations; i++) {
                try (Lease lease = lock.write()) {
                    long value = Long.parseLong(Files.readString(counter).trim());
                    Files.writeString(counter, Long.toString(value + 1));
                    append(fences, lease.fence() + " " + pid);
                }
                try (ZkPermit permit = slots.acquirePermit()) {
                    append(slotLog, "+ " + pid + " " + permit.fence());
                    Thread.onSpinWait();
                    append(slotLog, "- " + pid + " " + permit.fence());
                }
            }
        }
    }

    private static void append(Path file, String line) throws Exception {
        Files.write(file, (line + "\n").getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
    }
}
