package io.github.signalbox.internal;

import io.github.signalbox.internal.jfr.JfrEvents;
import java.util.Optional;

/**
 * The only door to the JFR events. It touches {@link JfrEvents} (and through it {@code jdk.jfr})
 * only when the {@code jdk.jfr} module is present and readable, so the library loads and works on
 * a runtime built without it (a jlink image with {@code java.base} only). Every method takes and
 * returns plain types for the same reason: the verifier must never need an event class.
 */
public final class Jfr {

    /** Whether {@code jdk.jfr} can be used at all (not whether a recording is on). */
    public static final boolean AVAILABLE = detect();

    private Jfr() {
    }

    private static boolean detect() {
        try {
            Optional<Module> jfr = ModuleLayer.boot().findModule("jdk.jfr");
            return jfr.isPresent() && Jfr.class.getModule().canRead(jfr.get());
        } catch (RuntimeException | LinkageError unavailable) {
            return false;
        }
    }

    /** A started wait event, or null when JFR is absent or the event is not enabled. */
    static Object beginWait() {
        return AVAILABLE ? JfrEvents.beginWait() : null;
    }

    static void endWait(Object event, String kind, String name, String policy, String mode,
            int queueLength, WaitOutcome outcome) {
        if (event != null) {
            JfrEvents.endWait(event, kind, name, policy, mode, queueLength, outcome.toString());
        }
    }

    /** A started barrier-trip event, or null when JFR is absent or the event is not enabled. */
    public static Object beginTrip() {
        return AVAILABLE ? JfrEvents.beginTrip() : null;
    }

    /** Commits a barrier trip started by {@link #beginTrip()} (null: nothing to do). */
    public static void endTrip(Object event, String name, long round, int parties,
            boolean actionFailed) {
        if (event != null) {
            JfrEvents.endTrip(event, name, round, parties, actionFailed);
        }
    }

    /** Records a lock-ordering violation, when a recording wants it. */
    public static void orderViolation(String ordering, String policy, String cycle) {
        if (AVAILABLE) {
            JfrEvents.orderViolation(ordering, policy, cycle);
        }
    }
}
