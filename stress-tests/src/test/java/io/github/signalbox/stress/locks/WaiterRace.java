package io.github.signalbox.stress.locks;

import java.lang.reflect.Method;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.kotlinx.lincheck.strategy.managed.modelchecking.ModelCheckingOptions;
import org.jetbrains.kotlinx.lincheck.verifier.EpsilonVerifier;

/**
 * Model checking of one hand-written scenario for blocking operations: a thread that blocks
 * ({@code waiter}) races the thread whose operation must release it ({@code releaser}), and the
 * model checker explores their interleavings. A random scenario would often contain a wait that
 * nothing ever releases, and a blocking rendezvous has no sequential specification (run
 * sequentially the waiter would wait forever), so results are not compared: the property is
 * that every interleaving terminates; one that does not is reported as "The execution has hung".
 *
 * <p>What it can and cannot see: Lincheck's model checker lets a park return spuriously, so a
 * missed unpark alone goes unnoticed when the waiter re-checks a condition that has become true
 * (those bugs are caught by the jcstress Termination tests). It does catch a waiter whose
 * condition is never made true for it, such as the counter mutant whose update forgets to
 * complete the registered waiter.
 */
public final class WaiterRace {

    /** What Lincheck reports for a scenario that does not terminate. */
    public static final String HUNG = "The execution has hung";

    private WaiterRace() {
    }

    /** Options that model-check only the scenario {@code waiter} || {@code releaser}. */
    public static ModelCheckingOptions of(Class<?> scenario, String waiter, String releaser) {
        ExecutionScenario race = new ExecutionScenario(List.of(),
                List.of(List.of(actor(scenario, waiter)), List.of(actor(scenario, releaser))),
                List.of(), null);
        LincheckSettings.recordLine("model checking of one scenario (" + waiter + " || "
                + releaser + "), 2,000 invocations, every interleaving must terminate");
        ModelCheckingOptions o = new ModelCheckingOptions();
        o.iterations(0).invocationsPerIteration(2_000).addCustomScenario(race)
                .verifier(EpsilonVerifier.class);
        return LincheckSettings.withAtomicTableScans(o).minimizeFailedScenario(false);
    }

    private static Actor actor(Class<?> scenario, String name) {
        try {
            Method m = scenario.getMethod(name);
            return new Actor(m, List.of(), false, false, false, false, false);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(scenario + " has no operation " + name, e);
        }
    }
}
