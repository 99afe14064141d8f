package io.github.signalbox.examples.locks;

import io.github.signalbox.Guard;
import io.github.signalbox.locks.ReadersWritersLock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A copyable read-mostly cache guarded by a FAIR readers-writers lock: lookups share the lock,
 * updates take it alone, and neither side can starve the other.
 *
 * <p>Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.locks.FairPriceCache}.
 */
public final class FairPriceCache {

    private final ReadersWritersLock lock = ReadersWritersLock.fair();
    private final Map<String, Long> centsBySku = new HashMap<>();

    /** The price of {@code sku}, if known. Many threads may look up at once. */
    public Optional<Long> price(String sku) {
        try (Guard g = lock.read()) {
            return Optional.ofNullable(centsBySku.get(sku));
        }
    }

    /** Sets the price of {@code sku}; waits for the lookups already inside, then runs alone. */
    public void update(String sku, long cents) {
        try (Guard g = lock.write()) {
            centsBySku.put(sku, cents);
        }
    }

    /** Applies {@code percent} to every price atomically: no lookup sees half of the change. */
    public void reprice(int percent) {
        try (Guard g = lock.write()) {
            centsBySku.replaceAll((sku, cents) -> cents * (100 + percent) / 100);
        }
    }

    public int size() {
        try (Guard g = lock.read()) {
            return centsBySku.size();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        FairPriceCache cache = new FairPriceCache();
        cache.update("coffee", 300);
        cache.update("tea", 250);
        AtomicLong lookups = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        for (int i = 0; i < 3; i++) {
            pool.execute(() -> {
                for (int n = 0; n < 10_000; n++) {
                    cache.price(n % 2 == 0 ? "coffee" : "tea").orElseThrow();
                    lookups.incrementAndGet();
                }
            });
        }
        pool.execute(() -> {
            for (int n = 0; n < 10; n++) {
                cache.reprice(10);
            }
        });
        pool.shutdown();
        if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("workers did not finish");
        }
        System.out.println("FairPriceCache: " + lookups.get() + " lookups while repricing 10 times;"
                + " coffee now " + cache.price("coffee").orElseThrow() + " cents, tea "
                + cache.price("tea").orElseThrow() + " cents");
    }
}
