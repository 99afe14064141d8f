package io.github.signalbox.benchmarks.locks;

import io.github.signalbox.benchmarks.Ratios;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReadWriteLock;
import org.openjdk.jol.info.GraphLayout;

/**
 * Heap retained by one readers-writers lock (JOL: the lock and everything reachable from it),
 * in situations where a per-thread reader indicator would grow: a new lock; after 8 and after 512
 * threads have each read it once, one after another (the threads then end); after two threads
 * have read it concurrently for 200 ms; after 100,000 virtual threads have each read it once
 * (JDK 21+). Also the average over 10,000 locks each read by 8 threads. Each row next to
 * ReentrantReadWriteLock and StampedLock, with the ratio to ReentrantReadWriteLock. Run:
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.signalbox.benchmarks.locks.LockFootprint}.
 *
 * <p>Static state is not counted: signalbox's visible-readers table is one per JVM (see the
 * printed note), not per lock.
 */
public final class LockFootprint {

    private static final LockKind[] KINDS = {LockKind.RRW_NONFAIR, LockKind.STAMPED,
        LockKind.SB_FAIR, LockKind.SB_READER_PREFERENCE, LockKind.SB_WRITER_PREFERENCE};

    private LockFootprint() {
    }

    interface Situation {
        void apply(ReadWriteLock lock) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        Map<String, Situation> situations = new LinkedHashMap<>();
        situations.put("new, never used", lock -> { });
        situations.put("after 8 sequential reader threads", lock -> sequentialReaders(lock, 8));
        situations.put("after 512 sequential reader threads",
                lock -> sequentialReaders(lock, 512));
        situations.put("after 2 threads read it concurrently (200 ms)",
                LockFootprint::twoConcurrentReaders);
        situations.put("after 100,000 virtual reader threads (JDK 21+)",
                lock -> ReaderThreads.virtual(lock, 100_000));

        System.out.println("Heap retained per lock (bytes, JOL GraphLayout.totalSize) and ratio"
                + " to ReentrantReadWriteLock");
        System.out.println(Ratios.machine());
        for (Map.Entry<String, Situation> s : situations.entrySet()) {
            System.out.println();
            System.out.println(s.getKey());
            long rrw = -1;
            for (LockKind kind : KINDS) {
                ReadWriteLock lock = kind.create();
                try {
                    s.getValue().apply(lock);
                } catch (UnsupportedOperationException jdk17) {
                    System.out.println("  (skipped: " + jdk17.getMessage() + ")");
                    break;
                }
                System.gc();
                long bytes = GraphLayout.parseInstance(lock).totalSize();
                if (kind == LockKind.RRW_NONFAIR) {
                    rrw = bytes;
                }
                System.out.println(String.format(Locale.ROOT, "  %-22s %8d B  x%5.2f", kind,
                        bytes, (double) bytes / rrw));
            }
        }
        System.out.println();
        System.out.println("10,000 locks, each read once by each of 8 threads: bytes per lock");
        for (LockKind kind : KINDS) {
            List<ReadWriteLock> locks = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                locks.add(kind.create());
            }
            for (int t = 0; t < 8; t++) {
                Thread reader = new Thread(() -> {
                    for (ReadWriteLock l : locks) {
                        l.readLock().lock();
                        l.readLock().unlock();
                    }
                });
                reader.start();
                reader.join();
            }
            System.gc();
            long total = GraphLayout.parseInstance(locks.toArray()).totalSize();
            System.out.println(String.format(Locale.ROOT, "  %-22s %8.1f B", kind,
                    total / 10_000.0));
        }
        System.out.println();
        System.out.println("Not per lock: signalbox's visible-readers table, one per JVM: "
                + GraphLayout.parseInstance(visibleReadersTable()).totalSize() + " B");
    }

    private static Object visibleReadersTable() throws ReflectiveOperationException {
        Class<?> c = Class.forName("io.github.signalbox.locks.VisibleReaders");
        java.lang.reflect.Field f = c.getDeclaredField("TABLE");
        f.setAccessible(true);
        return f.get(null);
    }

    private static void sequentialReaders(ReadWriteLock lock, int count) throws Exception {
        for (int i = 0; i < count; i++) {
            Thread t = new Thread(() -> {
                lock.readLock().lock();
                lock.readLock().unlock();
            });
            t.start();
            t.join();
        }
    }

    private static void twoConcurrentReaders(ReadWriteLock lock) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        CountDownLatch done = new CountDownLatch(2);
        for (int i = 0; i < 2; i++) {
            new Thread(() -> {
                while (System.nanoTime() - end < 0) {
                    lock.readLock().lock();
                    lock.readLock().unlock();
                }
                done.countDown();
            }).start();
        }
        done.await();
    }
}
