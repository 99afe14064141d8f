package io.github.signalbox.examples.semaphores;

import io.github.signalbox.semaphores.BoundedSemaphore;
import io.github.signalbox.semaphores.Permit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A connection-pool limit: many client threads share a backend that accepts at most
 * {@code limit} concurrent connections. Each request holds a {@link Permit} in a
 * try-with-resources block, so the permit goes back exactly once, also when the request fails,
 * and a request that cannot get a connection in time fails with a {@link TimeoutException}
 * instead of queueing forever.
 *
 * <p>Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.semaphores.ConnectionPoolLimit}.
 */
public final class ConnectionPoolLimit {

    private final BoundedSemaphore connections;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();

    /** A pool that allows {@code limit} concurrent connections. */
    public ConnectionPoolLimit(int limit) {
        this.connections = new BoundedSemaphore(limit);
    }

    /** Sends one request over a pooled connection, waiting at most {@code patience} for one. */
    public String send(String request, Duration patience)
            throws InterruptedException, TimeoutException {
        try (Permit connection = connections.acquirePermit(patience)) {
            mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
            try {
                if (request.endsWith("13")) {
                    throw new IllegalStateException("backend error for " + request);
                }
                simulateWork();
                return "ok:" + request;
            } finally {
                open.decrementAndGet();
            }
        } // the permit is released here, exactly once, whatever happened above
    }

    /** @return the highest number of connections that were open at once */
    public int mostOpenAtOnce() {
        return mostOpen.get();
    }

    /** @return the pool's semaphore, for inspection */
    public BoundedSemaphore connections() {
        return connections;
    }

    private static void simulateWork() {
        long end = System.nanoTime() + 200_000;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    /** Runs {@code clients} clients of {@code requests} requests each; returns successes. */
    public int runClients(int clients, int requests) throws InterruptedException {
        AtomicInteger succeeded = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            Thread t = new Thread(() -> {
                for (int r = 0; r < requests; r++) {
                    try {
                        send("client" + client + "-req" + r, Duration.ofSeconds(10));
                        succeeded.incrementAndGet();
                    } catch (IllegalStateException backendError) {
                        // counted as a failure; the permit was still returned
                    } catch (InterruptedException | TimeoutException e) {
                        return;
                    }
                }
            }, "client-" + c);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return succeeded.get();
    }

    public static void main(String[] args) throws InterruptedException {
        ConnectionPoolLimit pool = new ConnectionPoolLimit(3);
        int ok = pool.runClients(8, 20);
        System.out.println("  8 clients x 20 requests through 3 connections: " + ok
                + " succeeded, " + (160 - ok) + " failed on purpose (the simulated backend"
                + " rejects each client's request number 13, to show that a failed request"
                + " still returns its permit)");
        System.out.println("  most connections open at once: " + pool.mostOpenAtOnce()
                + " (limit 3); permits back after the run: "
                + pool.connections().availablePermits() + " of 3");
    }
}
