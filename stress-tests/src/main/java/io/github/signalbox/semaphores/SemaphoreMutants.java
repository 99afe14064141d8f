package io.github.signalbox.semaphores;

/**
 * Deliberately broken bounded semaphores ("mutants") that the jcstress and Lincheck tests must
 * reject; the test command checks that they do. They reuse the real semaphore and replace only
 * the two state updates, the way a real bug would. Kept here, never in core.
 */
public final class SemaphoreMutants {

    private SemaphoreMutants() {
    }

    /**
     * Takes and returns permits by read-check-write instead of compare-and-set: two threads can
     * take the last permit together, and two releases can pass the bound check together (the
     * over-release the bound exists to catch).
     */
    public static BoundedSemaphore racyUpdates(int bound) {
        return new BoundedSemaphore(new RacySync(bound));
    }

    /** The racy engine. */
    static final class RacySync extends PermitSync {
        RacySync(int bound) {
            super(RacySync.class, bound, false);
        }

        @Override
        long take(int permits) {
            long state = getState();
            int left = available(state) - permits;
            if (left >= 0) {
                setState(state - permits); // the bug: not atomic with the check above
            }
            return left;
        }

        @Override
        void give(int permits) {
            long state = getState();
            int bound = bound(state);
            long next = (long) available(state) + permits;
            if (next > bound) {
                throw overRelease(permits, available(state), bound);
            }
            setState(pack(bound, (int) next)); // the bug: not atomic with the check above
        }
    }

    /**
     * A FIFO semaphore whose grant to an asynchronous request, when it finds the request's future
     * already cancelled, drops the permits instead of returning them: they are gone for good.
     */
    public static BoundedSemaphore droppedGrant(int bound) {
        return new BoundedSemaphore(new PermitSync(DroppingSync.class, bound, true) {
            @Override
            boolean releasesUnclaimedGrants() {
                return false; // the bug
            }
        });
    }

    /**
     * A BARGING semaphore whose release leaves the queue alone while the head's thread is
     * running ("it is awake, it will notice the permit"): a head that has just joined the queue and
     * not yet parked, or that lost its retry to a barger and is about to park again, is never
     * served and sleeps forever.
     */
    public static BoundedSemaphore releaseSkipsRunningHead(int bound) {
        return new BoundedSemaphore(new PermitSync(SkippingSync.class, bound, false) {
            @Override
            boolean wakeHeadToCompete() {
                Waiter h = queueHead();
                return h != null && h.thread != null
                        && h.thread.getState() == Thread.State.RUNNABLE; // the bug
            }
        });
    }

    /** Names the skipping engine in messages. */
    private static final class SkippingSync {
    }

    /** Names the dropping engine in messages. */
    private static final class DroppingSync {
    }
}
