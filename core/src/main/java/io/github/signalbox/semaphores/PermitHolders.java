package io.github.signalbox.semaphores;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who holds a semaphore's permits through {@link Permit} handles, and who waits for how many: kept
 * only by semaphores built with {@code trackHolders()}, for the deadlock detector. A handle's
 * permits are listed under the thread that acquired it until the handle is closed (by any thread).
 * Listing happens after a grant and unlisting before a release, so a holder may briefly be missing,
 * which can hide a deadlock for that moment but never invent one. Not final only so that the
 * stress tests can check a variant that gets this order wrong.
 */
class PermitHolders {

    private final ConcurrentHashMap<Thread, Integer> held = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Thread, Integer> requested = new ConcurrentHashMap<>();

    void acquired(Thread holder, int permits) {
        held.merge(holder, permits, Integer::sum);
    }

    void released(Thread holder, int permits) {
        held.computeIfPresent(holder, (t, n) -> n == permits ? null : n - permits);
    }

    /**
     * Returns a handle's permits to {@code semaphore}: unlists {@code holder} first, then
     * releases, so that whoever sees the permits back no longer sees it listed; lists it again
     * if the release is refused.
     */
    void release(BoundedSemaphore semaphore, Thread holder, int permits) {
        released(holder, permits);
        try {
            semaphore.release(permits);
        } catch (RuntimeException refused) {
            acquired(holder, permits);
            throw refused;
        }
    }

    void waiting(int permits) {
        requested.put(Thread.currentThread(), permits);
    }

    void doneWaiting() {
        requested.remove(Thread.currentThread());
    }

    Integer requestOf(Thread waiter) {
        return requested.get(waiter);
    }

    Map<Thread, Integer> held() {
        return Map.copyOf(held);
    }
}
