package io.github.signalbox.semaphores;

/**
 * Access to a tracked semaphore's record of permit holders (what the deadlock detector reads),
 * and a deliberately broken variant of it that the jcstress tests must reject. Kept here, never
 * in core.
 */
public final class HolderRecords {

    private HolderRecords() {
    }

    /** Whether {@code semaphore}'s record lists {@code holder} as holding permits now. */
    public static boolean lists(BoundedSemaphore semaphore, Thread holder) {
        return semaphore.holders().held().containsKey(holder);
    }

    /** Whether {@code semaphore}'s record lists anyone as holding permits now. */
    public static boolean listsAnyone(BoundedSemaphore semaphore) {
        return !semaphore.holders().held().isEmpty();
    }

    /**
     * A tracked FIFO semaphore whose handles return their permits first and unlist their holder
     * after: for a moment the permits are back and the holder is still listed, a hold the
     * deadlock detector would take as real.
     */
    public static BoundedSemaphore releasesBeforeUnlisting(int bound) {
        return new BoundedSemaphore(new PermitSync(LateUnlisting.class, bound, true),
                new LateUnlisting());
    }

    /** The record with the order of {@link PermitHolders#release} the wrong way round. */
    static final class LateUnlisting extends PermitHolders {
        @Override
        void release(BoundedSemaphore semaphore, Thread holder, int permits) {
            semaphore.release(permits);
            released(holder, permits); // the bug: unlisted only after the permits are back
        }
    }
}
