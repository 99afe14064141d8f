package io.github.signalbox.locks;

/**
 * One thread's read holds on one lock: the per-thread reader indicator.
 *
 * <p>{@code holds} is written by its owner thread, and by a releasing thread that grants the read
 * lock to the owner while the owner is parked waiting for it (under the engine's mutex). Writers
 * read it when they check for active readers.
 */
final class ReaderSlot {

    final Thread owner;

    /** Read holds of {@link #owner}; 0 when it does not hold the read lock. */
    volatile int holds;

    /** Next slot in the registry; only the registry touches it. */
    volatile ReaderSlot next;

    ReaderSlot(Thread owner) {
        this.owner = owner;
    }
}
