package io.github.signalbox.benchmarks.locks;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReadWriteLock;

/**
 * Threads that have read a lock: {@code count} platform threads that each read it once, one
 * after another, and then stay alive until {@link #close()}; or virtual threads (JDK 21+) that
 * each read it once and end. What a write costs afterwards shows whether the lock keeps, and
 * scans, something per thread that ever read it.
 */
final class ReaderThreads {

    private final CountDownLatch end = new CountDownLatch(1);
    private final List<Thread> alive = new ArrayList<>();

    /** {@code count} platform threads read {@code lock} once each and stay alive. */
    static ReaderThreads platform(ReadWriteLock lock, int count) throws InterruptedException {
        ReaderThreads r = new ReaderThreads();
        for (int i = 0; i < count; i++) {
            CountDownLatch read = new CountDownLatch(1);
            Thread t = new Thread(() -> {
                lock.readLock().lock();
                lock.readLock().unlock();
                read.countDown();
                try {
                    r.end.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "reader-" + i);
            t.setDaemon(true);
            t.start();
            r.alive.add(t);
            read.await();
        }
        return r;
    }

    /** {@code count} virtual threads read {@code lock} once each and end (JDK 21+ only). */
    static void virtual(ReadWriteLock lock, int count) throws Exception {
        Method ofVirtual;
        try {
            ofVirtual = Thread.class.getMethod("ofVirtual");
        } catch (NoSuchMethodException jdk17) {
            throw new UnsupportedOperationException("virtual threads need JDK 21+", jdk17);
        }
        Object builder = ofVirtual.invoke(null);
        // through the public interface: the builder's own class is not open to reflection
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        List<Thread> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            batch.add((Thread) start.invoke(builder, (Runnable) () -> {
                lock.readLock().lock();
                lock.readLock().unlock();
            }));
            if (batch.size() == 10_000 || i == count - 1) {
                for (Thread t : batch) {
                    t.join();
                }
                batch.clear();
            }
        }
    }

    /** Lets the live reader threads end, and waits for them. */
    void close() throws InterruptedException {
        end.countDown();
        for (Thread t : alive) {
            t.join();
        }
    }
}
