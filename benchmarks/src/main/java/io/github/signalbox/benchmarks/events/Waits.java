package io.github.signalbox.benchmarks.events;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.infra.Control;

/**
 * Waiting inside a JMH group benchmark: 1 ms timed waits in a loop, so that a thread never waits
 * for a partner that JMH has already stopped.
 */
final class Waits {

    /** A timed wait of some primitive, e.g. {@code event::await}. */
    @FunctionalInterface
    interface TimedWait {
        boolean await(long time, TimeUnit unit) throws InterruptedException;
    }

    private Waits() {
    }

    /** Waits until {@code wait} succeeds; false if the measurement stopped first. */
    static boolean until(TimedWait wait, Control control) throws InterruptedException {
        while (!wait.await(1, TimeUnit.MILLISECONDS)) {
            if (control.stopMeasurement) {
                return false;
            }
        }
        return true;
    }
}
