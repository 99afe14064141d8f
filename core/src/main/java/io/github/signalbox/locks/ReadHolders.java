package io.github.signalbox.locks;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which threads hold a lock's read side, for the deadlock detector: kept only by locks built with
 * {@code trackHolders()}, updated after each read acquisition and release (the engine's own
 * bookkeeping is per thread and cannot be listed). Between the engine's grant and the update a
 * thread may briefly be missing, which can only hide a deadlock for that moment, never invent one.
 */
final class ReadHolders {

    private final ConcurrentHashMap<Thread, Integer> holds = new ConcurrentHashMap<>();

    void acquired() {
        holds.merge(Thread.currentThread(), 1, Integer::sum);
    }

    void released() {
        holds.computeIfPresent(Thread.currentThread(), (t, n) -> n == 1 ? null : n - 1);
    }

    /** The read holders now, with their hold counts. */
    Map<Thread, Integer> snapshot() {
        return Map.copyOf(holds);
    }
}
