package io.github.signalbox.ordering;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Test fixtures of the ordering stress tests (correct code, unlike {@link OrderingMutants}):
 * locks that dawdle briefly after each acquisition, which widens the window in which two threads
 * taking locks in crossing orders can each hold one and wait for the other. Without it that window
 * is a few nanoseconds and a broken set deadlocks in only about one sample in a thousand.
 */
public final class OrderingFixtures {

    private static final int DAWDLE_SPINS = 200;

    private OrderingFixtures() {
    }

    /** An exclusive lock of {@code ordering} that spins briefly after every acquisition. */
    public static OrderedLock dawdlingLock(LockOrdering ordering, String name) {
        ReentrantLock lock = new ReentrantLock() {
            private static final long serialVersionUID = 1L;

            @Override
            public void lock() {
                super.lock();
                for (int i = 0; i < DAWDLE_SPINS; i++) {
                    Thread.onSpinWait();
                }
            }
        };
        return new OrderedLock(ordering, new LockNode(name, false, false), AccessMode.WRITE,
                false, 0, lock, lock::isHeldByCurrentThread);
    }
}
