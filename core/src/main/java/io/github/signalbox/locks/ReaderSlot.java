package io.github.signalbox.locks;

/**
 * One thread's read holds on one lock: the per-thread reader indicator.
 *
 * <p>{@code holds} is written by its owner thread, and by a releasing thread that grants the read
 * lock to the owner while the owner is parked waiting for it (under the engine's mutex). Writers
 * read it when they check for active readers.
 *
 * <p>Slots of different threads are often allocated next to each other; {@code holds} is padded
 * to a cache line of its own (the superclass chain fixes the field order), otherwise two readers
 * would falsely share a line and the indicator would cost what a shared counter costs.
 */
final class ReaderSlot extends ReaderSlotFields {

    ReaderSlot(Thread owner) {
        super(owner);
    }

    /**
     * Sets {@code holds} with a full fence, as an atomic exchange: the Dekker store of the reader
     * fast path (one {@code xchg} on x86, cheaper than a volatile store's {@code mov} plus
     * fence).
     */
    void publishHolds(int value) {
        HOLDS.getAndSet(this, value);
    }

    private static final java.lang.invoke.VarHandle HOLDS;

    static {
        try {
            HOLDS = java.lang.invoke.MethodHandles.lookup()
                    .findVarHandle(ReaderSlotHolds.class, "holds", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}

/** Padding before the hot field. */
abstract class ReaderSlotPadBefore {
    long p01, p02, p03, p04, p05, p06, p07, p08;
}

/** The hot field: read holds of {@code owner}; 0 when it does not hold the read lock. */
abstract class ReaderSlotHolds extends ReaderSlotPadBefore {
    volatile int holds;
}

/** Padding after the hot field. */
abstract class ReaderSlotPadAfter extends ReaderSlotHolds {
    long p11, p12, p13, p14, p15, p16, p17, p18;
}

/** The cold fields. */
abstract class ReaderSlotFields extends ReaderSlotPadAfter {
    final Thread owner;

    /** Next slot in the registry; only the registry touches it. */
    volatile ReaderSlot next;

    ReaderSlotFields(Thread owner) {
        this.owner = owner;
    }
}
