package io.github.signalbox.stress.locks;

import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.strategy.stress.StressOptions;

/**
 * Lincheck settings of the test command, sized for a 2-core machine (see
 * ../shared/testing-notes.md). {@code -Dlincheck.full=true} switches to Lincheck's defaults for
 * the full evidence run.
 */
public final class LincheckSettings {

    private static final boolean FULL = Boolean.getBoolean("lincheck.full");

    private LincheckSettings() {
    }

    public static ModelCheckingOptions modelChecking() {
        ModelCheckingOptions o = new ModelCheckingOptions();
        if (!FULL) {
            o.iterations(10).invocationsPerIteration(300);
        }
        return o.threads(3).actorsPerThread(2).actorsBefore(1).actorsAfter(1)
                .minimizeFailedScenario(false);
    }

    /** Model checking for a mutant: stops at the first failure, without minimizing it. */
    public static ModelCheckingOptions mutantModelChecking() {
        ModelCheckingOptions o = modelChecking();
        o.minimizeFailedScenario(false);
        return o;
    }

    public static StressOptions stress() {
        StressOptions o = new StressOptions();
        if (!FULL) {
            o.iterations(20).invocationsPerIteration(1_000);
        }
        return o.threads(3).actorsPerThread(2).actorsBefore(1).actorsAfter(1);
    }
}
