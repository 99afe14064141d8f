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

    /**
     * The slot of the first thread that read the lock, found without a {@link ThreadLocal}
     * lookup (the common case of a lock read mostly by one thread at a time). Written once, by
     * CAS from {@code null}, and cleared only when its owner has died, so readers never write it
     * on their hot path.
     */
    private volatile ReaderSlot first;

    /** The calling thread's slot, created and registered on first use. */
    ReaderSlot current() {
        ReaderSlot slot = currentIfPresent();
        return slot != null ? slot : register();
    }

    /** The calling thread's slot, or {@code null} if it never read this lock. */
    ReaderSlot currentIfPresent() {
        ReaderSlot f = first;
        return f != null && f.owner == Thread.currentThread() ? f : mine.get();
    }

    private ReaderSlot register() {
        ReaderSlot slot = new ReaderSlot(Thread.currentThread());
        ReaderSlot h;
        do {
            h = head;
            slot.next = h;
        } while (!HEAD.compareAndSet(this, h, slot));
        if (first != null || !FIRST.compareAndSet(this, null, slot)) {
            mine.set(slot);
        }
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
                if (first == s) {
                    first = null;
                }
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
    private static final java.lang.invoke.VarHandle FIRST;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
            HEAD = lookup.findVarHandle(ReaderRegistry.class, "head", ReaderSlot.class);
            FIRST = lookup.findVarHandle(ReaderRegistry.class, "first", ReaderSlot.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
