package io.github.signalbox.examples.async;

import io.github.signalbox.Guard;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.semaphores.BoundedSemaphore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An event-loop service: one thread runs every request, guards the shared inventory with
 * {@code readAsync}/{@code writeAsync} and limits the calls to a slow supplier with
 * {@code acquireAsync}, and never blocks. Supplier calls complete on other threads; each
 * continuation comes back to the loop through the executor given to the asynchronous forms.
 *
 * <p>Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.async.EventLoopInventory}.
 */
public final class EventLoopInventory implements AutoCloseable {

    /** At most this many supplier calls at once. */
    public static final int SUPPLIER_LIMIT = 2;

    private final ExecutorService loop =
            Executors.newSingleThreadExecutor(r -> new Thread(r, "event-loop"));
    private final ExecutorService supplierIo = Executors.newFixedThreadPool(4);
    private final ReadersWritersLock lock =
            ReadersWritersLock.builder().name("inventory").build();
    private final BoundedSemaphore supplierCalls =
            BoundedSemaphore.builder(SUPPLIER_LIMIT).name("supplier-calls").build();
    private final Map<String, Integer> stock = new HashMap<>();
    private final AtomicInteger callsNow = new AtomicInteger();
    private final AtomicInteger mostCallsAtOnce = new AtomicInteger();
    /** Touched only on the loop thread. */
    private int loopTasks;

    public EventLoopInventory(Map<String, Integer> initial) {
        stock.putAll(initial);
    }

    /** How many units of {@code sku} are in stock (a shared read). */
    public CompletableFuture<Integer> available(String sku) {
        return lock.readAsync(loop).thenApply(g -> {
            try (g) {
                loopTasks++;
                return stock.getOrDefault(sku, 0);
            }
        });
    }

    /** Takes {@code units} of {@code sku} if there are enough (an exclusive write). */
    public CompletableFuture<Boolean> reserve(String sku, int units) {
        return lock.writeAsync(loop).thenApply(g -> {
            try (g) {
                loopTasks++;
                int have = stock.getOrDefault(sku, 0);
                if (have < units) {
                    return false;
                }
                stock.put(sku, have - units);
                return true;
            }
        });
    }

    /** Orders more of {@code sku} from the supplier (at most SUPPLIER_LIMIT calls at once). */
    public CompletableFuture<Integer> restock(String sku) {
        return supplierCalls.acquireAsync(1, loop)
                .thenCompose(permit -> callSupplier(sku).whenComplete((n, e) -> permit.close()))
                .thenCompose(units -> lock.writeAsync(loop).thenApply(g -> {
                    try (g) {
                        loopTasks++;
                        stock.merge(sku, units, Integer::sum);
                        return units;
                    }
                }));
    }

    /** A slow remote call, completed on an I/O thread, never on the loop. */
    private CompletableFuture<Integer> callSupplier(String sku) {
        int now = callsNow.incrementAndGet();
        mostCallsAtOnce.accumulateAndGet(now, Math::max);
        return CompletableFuture.supplyAsync(() -> {
            try {
                Thread.sleep(2); // the supplier's latency: an I/O thread waits, not the loop
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            callsNow.decrementAndGet();
            return 5;
        }, supplierIo);
    }

    /** What a run saw. */
    public record Result(int requests, int loopTasks, int reserved, int restocked,
            int mostSupplierCallsAtOnce, int stockBefore, int stockAfter) {
        /** Units in stock after = before + restocked - reserved. */
        public boolean conserved() {
            return stockAfter == stockBefore + restocked - reserved;
        }
    }

    /** Sends {@code requests} mixed requests through the loop and waits for all of them. */
    public static Result run(int requests) throws Exception {
        Map<String, Integer> initial = Map.of("tea", 20, "coffee", 20, "cocoa", 20);
        try (EventLoopInventory shop = new EventLoopInventory(initial)) {
            List<CompletableFuture<Integer>> reserved = new ArrayList<>();
            List<CompletableFuture<Integer>> restocked = new ArrayList<>();
            List<CompletableFuture<?>> all = new ArrayList<>();
            String[] skus = {"tea", "coffee", "cocoa"};
            CompletableFuture.runAsync(() -> {
                for (int i = 0; i < requests; i++) {
                    String sku = skus[i % skus.length];
                    switch (i % 4) {
                        case 0:
                            CompletableFuture<Integer> r = shop.restock(sku);
                            restocked.add(r);
                            all.add(r);
                            break;
                        case 1:
                            CompletableFuture<Integer> took = shop.reserve(sku, 2)
                                    .thenApply(ok -> ok ? 2 : 0);
                            reserved.add(took);
                            all.add(took);
                            break;
                        default:
                            all.add(shop.available(sku));
                    }
                }
            }, shop.loop).get(30, TimeUnit.SECONDS);
            CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0]))
                    .get(60, TimeUnit.SECONDS);
            int tasks = CompletableFuture.supplyAsync(() -> shop.loopTasks, shop.loop).get();
            int after = shop.available("tea").get() + shop.available("coffee").get()
                    + shop.available("cocoa").get();
            return new Result(requests, tasks, sum(reserved), sum(restocked),
                    shop.mostCallsAtOnce.get(), 60, after);
        }
    }

    private static int sum(List<CompletableFuture<Integer>> futures) {
        return futures.stream().mapToInt(CompletableFuture::join).sum();
    }

    @Override
    public void close() {
        loop.shutdown();
        supplierIo.shutdown();
    }

    public static void main(String[] args) throws Exception {
        Result r = run(400);
        System.out.println("  " + r.requests() + " requests served by one event-loop thread ("
                + r.loopTasks() + " guarded sections, none of them blocked)");
        System.out.println("  supplier calls: at most " + r.mostSupplierCallsAtOnce()
                + " at once (limit " + SUPPLIER_LIMIT + ")");
        System.out.println("  stock " + r.stockBefore() + " + restocked " + r.restocked()
                + " - reserved " + r.reserved() + " = " + r.stockAfter()
                + (r.conserved() ? " (conserved)" : " (LOST UNITS: a bug)"));
    }
}
