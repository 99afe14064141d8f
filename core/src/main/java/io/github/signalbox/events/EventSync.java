package io.github.signalbox.events;

import java.util.concurrent.locks.AbstractQueuedSynchronizer;

/**
 * The synchronizer both events park their waiters on, which describes the event it belongs to:
 * a parked thread's blocker ({@code LockSupport.getBlocker}, what thread dumps and debuggers
 * show) then reads like the event's own {@code toString()}, flag and waiters included.
 */
abstract class EventSync extends AbstractQueuedSynchronizer {
    private static final long serialVersionUID = 1L;

    /** The event; never serialized (no event is Serializable). */
    private final transient Object owner;

    EventSync(Object owner) {
        this.owner = owner;
    }

    @Override
    public String toString() {
        return String.valueOf(owner);
    }
}
