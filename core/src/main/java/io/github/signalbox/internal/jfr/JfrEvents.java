package io.github.signalbox.internal.jfr;

/**
 * Creates and commits the events. Called only by {@code io.github.signalbox.internal.Jfr} after it
 * found {@code jdk.jfr}; parameters are plain types so callers never name an event class.
 */
public final class JfrEvents {

    private JfrEvents() {
    }

    public static Object beginWait() {
        ContendedWaitEvent event = new ContendedWaitEvent();
        if (!event.isEnabled()) {
            return null;
        }
        event.begin();
        return event;
    }

    public static void endWait(Object started, String kind, String name, String policy,
            String mode, int queueLength, String outcome) {
        ContendedWaitEvent event = (ContendedWaitEvent) started;
        event.end();
        if (event.shouldCommit()) {
            event.primitive = kind;
            event.name = name;
            event.policy = policy;
            event.mode = mode;
            event.queueLength = queueLength;
            event.outcome = outcome;
            event.commit();
        }
    }

    public static Object beginTrip() {
        BarrierTripEvent event = new BarrierTripEvent();
        if (!event.isEnabled()) {
            return null;
        }
        event.begin();
        return event;
    }

    public static void endTrip(Object started, String name, long round, int parties,
            boolean actionFailed) {
        BarrierTripEvent event = (BarrierTripEvent) started;
        event.end();
        if (event.shouldCommit()) {
            event.name = name;
            event.round = round;
            event.parties = parties;
            event.actionFailed = actionFailed;
            event.commit();
        }
    }

    public static void orderViolation(String ordering, String policy, String cycle) {
        LockOrderViolationEvent event = new LockOrderViolationEvent();
        if (event.isEnabled()) {
            event.ordering = ordering;
            event.policy = policy;
            event.cycle = cycle;
            event.commit();
        }
    }
}
