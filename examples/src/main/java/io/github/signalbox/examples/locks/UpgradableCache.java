package io.github.signalbox.examples.locks;

import io.github.signalbox.Guard;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.UpgradableGuard;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A read-mostly cache that checks for a missing entry under the upgradable read lock and fills
 * it after upgrading: readers keep reading while the entry loads, no two threads load the same
 * entry, and nothing can change between the check and the write (no writer gets in between an
 * upgradable read and its upgrade). With a plain read lock the check would have to be repeated
 * under the write lock, and two threads could load the same entry.
 *
 * <p>Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.locks.UpgradableCache}.
 */
public final class UpgradableCache<K, V> {

    private final ReadersWritersLock lock =
            ReadersWritersLock.builder().name("upgradable-cache").build();
    private final Map<K, V> entries = new HashMap<>();
    private final Function<K, V> loader;

    public UpgradableCache(Function<K, V> loader) {
        this.loader = loader;
    }

    public V get(K key) {
        try (Guard read = lock.read()) { // the common case: many readers at once
            V v = entries.get(key);
            if (v != null) {
                return v;
            }
        }
        try (UpgradableGuard check = lock.upgradable()) { // one checker; readers keep going
            V v = entries.get(key);
            if (v == null) {
                v = loader.apply(key);                    // loads while readers still read
                try (Guard write = check.upgrade()) {     // waits for readers only
                    entries.put(key, v);                  // nobody wrote since the check
                }
            }
            return v;
        }
    }

    /** What a run saw: lookups made, loads per key. */
    public record Result(int lookups, Map<Integer, Integer> loadsPerKey) {
    }

    /** {@code threads} threads look up random keys among {@code keys}, {@code each} times. */
    public static Result run(int threads, int keys, int each) throws InterruptedException {
        Map<Integer, AtomicInteger> loads = new ConcurrentHashMap<>();
        UpgradableCache<Integer, String> cache = new UpgradableCache<>(key -> {
            loads.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
            return "value-" + key;
        });
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < each; i++) {
                    int key = random.nextInt(keys);
                    if (!cache.get(key).equals("value-" + key)) {
                        throw new AssertionError("wrong value for " + key);
                    }
                }
            }, "lookup-" + t);
            workers.add(w);
            w.start();
        }
        for (Thread w : workers) {
            w.join();
        }
        Map<Integer, Integer> perKey = new HashMap<>();
        loads.forEach((k, n) -> perKey.put(k, n.get()));
        return new Result(threads * each, perKey);
    }

    public static void main(String[] args) throws InterruptedException {
        Result r = run(4, 100, 20_000);
        long loadedTwice = r.loadsPerKey().values().stream().filter(n -> n > 1).count();
        System.out.println("  " + r.lookups() + " lookups by 4 threads over 100 keys: "
                + r.loadsPerKey().size() + " keys loaded, " + (loadedTwice == 0
                ? "each exactly once" : loadedTwice + " keys loaded more than once (a bug)"));
    }
}
