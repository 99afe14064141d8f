package io.github.signalbox.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** One thread's wait on one {@link WaitTarget}, and who holds that target, at one moment. */
public interface WaitSnapshot {

    /** The target (the lock or semaphore waited for). */
    Object target();

    /**
     * The queued request itself. The same object in two snapshots means the thread waited all
     * along between them; the same target alone does not, because the thread may have been
     * granted and come back to wait for it again.
     */
    Object queuedRequest();

    /** What the thread waits for, e.g. {@code write lock of ReadersWritersLock "a"}. */
    String request();

    /** The known holders whose holds keep the request from being granted. */
    Set<Thread> blockers();

    /**
     * Whether the request could be granted once every thread outside {@code stuck} released all it
     * holds here (holders this target cannot name count as outside).
     */
    boolean grantableUnless(Set<Thread> stuck);

    /** What {@code holder} holds of this target, e.g. {@code read lock of ...}; null if nothing. */
    String holdingOf(Thread holder);

    /**
     * The same wait with only the holds that this snapshot and {@code later}, a later snapshot of
     * the same {@link #queuedRequest()}, both saw (each holder with the smaller of its two holds).
     * A snapshot reads one thread's wait after another's while the threads run, so what it says
     * about a holder is sure only if the holder was itself waiting at that moment (a waiting
     * thread takes and returns nothing). The deadlock detector reads the same threads in the same
     * order twice; of the two moments it looked at a waiter's target, one falls within the wait
     * of any holder that waited through both looks, so a hold seen at both moments is real.
     */
    WaitSnapshot commonTo(WaitSnapshot later);

    /** The holders in both maps, each with the smaller of its two hold counts. */
    static Map<Thread, Integer> heldInBoth(Map<Thread, Integer> a, Map<Thread, Integer> b) {
        Map<Thread, Integer> both = new HashMap<>();
        a.forEach((t, n) -> {
            Integer m = b.get(t);
            if (m != null) {
                both.put(t, Math.min(n, m));
            }
        });
        return both;
    }
}
