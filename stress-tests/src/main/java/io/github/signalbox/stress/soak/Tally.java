package io.github.signalbox.stress.soak;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts of what the soak did, per family and kind (operations, timeouts, interrupts...). */
final class Tally {

    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    void add(String family, String kind) {
        counts.computeIfAbsent(family + "\t" + kind, k -> new LongAdder()).increment();
    }

    long get(String family, String kind) {
        LongAdder a = counts.get(family + "\t" + kind);
        return a == null ? 0L : a.sum();
    }

    /** family -> kind -> count, sorted. */
    Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        counts.forEach((key, n) -> {
            String[] parts = key.split("\t", 2);
            out.computeIfAbsent(parts[0], f -> new TreeMap<>()).put(parts[1], n.sum());
        });
        return out;
    }
}
