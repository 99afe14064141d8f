package io.github.signalbox.locks;

/**
 * The distributed reader indicator of a {@link ReadersWritersLock}: one {@link ReaderSlot} per
 * thread that has read the lock, found through a {@link ThreadLocal} by its owner and through a
 * linked list by writers.
 *
 * <p>Readers only ever write their own slot, so readers on different cores never write a shared
 * cache line; a writer pays instead, by scanning every slot.
 *
 * <p>The list grows by a CAS on {@link #head} (any thread, lock-free). Slots of threads that
 * have died while holding nothing are unlinked during a scan; unlinking is done only by the
 * caller of {@link #noneActive()}, which the engine calls under its mutex, so unlinks never race
 * each other. An interior unlink cannot race an insertion (insertions only change {@code head});
 * a head slot is unlinked by CAS, and left for a later scan when that CAS fails.
 */
final class ReaderRegistry {

    private final ThreadLocal<ReaderSlot> mine = new ThreadLocal<>();

    private volatile ReaderSlot head;

    /** The calling thread's slot, created and registered on first use. */
    ReaderSlot current() {
        ReaderSlot slot = mine.get();
        return slot != null ? slot : register();
    }

    /** The calling thread's slot, or {@code null} if it never read this lock. */
    ReaderSlot currentIfPresent() {
        return mine.get();
    }

    private ReaderSlot register() {
        ReaderSlot slot = new ReaderSlot(Thread.currentThread());
        ReaderSlot h;
        do {
            h = head;
            slot.next = h;
        } while (!HEAD.compareAndSet(this, h, slot));
        mine.set(slot);
        return slot;
    }

    /**
     * Whether no thread holds the read lock. Must be called under the engine's mutex (it unlinks
     * the slots of dead threads).
     */
    boolean noneActive() {
        ReaderSlot prev = null;
        for (ReaderSlot s = head; s != null; s = s.next) {
            if (s.holds != 0) {
                return false;
            }
            if (!s.owner.isAlive()) {
                if (prev == null) {
                    if (HEAD.compareAndSet(this, s, s.next)) {
                        continue;
                    }
                } else {
                    prev.next = s.next;
                    continue;
                }
            }
            prev = s;
        }
        return true;
    }

    /** The number of read holds of all threads (a snapshot, for monitoring). */
    int totalHolds() {
        int total = 0;
        for (ReaderSlot s = head; s != null; s = s.next) {
            total += s.holds;
        }
        return total;
    }

    private static final java.lang.invoke.VarHandle HEAD;

    static {
        try {
            HEAD = java.lang.invoke.MethodHandles.lookup()
                    .findVarHandle(ReaderRegistry.class, "head", ReaderSlot.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
