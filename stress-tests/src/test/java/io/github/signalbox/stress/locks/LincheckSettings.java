package io.github.signalbox.stress.locks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import org.jetbrains.kotlinx.lincheck.strategy.managed.ManagedStrategyGuaranteeKt;
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

    /**
     * With {@code -Dlincheck.record=FILE} (the full verification run), appends what the calling
     * test asked for — class, test method, mode, scenarios x invocations, threads — for the
     * stress report.
     */
    static void record(String mode, int threads) {
        record(mode, threads, 300);
    }

    static void record(String mode, int threads, int modelCheckingInvocations) {
        String scenarios = FULL ? "100 scenarios x 10,000 invocations (Lincheck defaults)"
                : mode.equals("stress") ? "20 scenarios x 1,000 invocations"
                : "10 scenarios x " + modelCheckingInvocations + " invocations";
        recordLine(mode + ", " + scenarios + ", " + threads + " threads x 2 actors"
                + " (+1 before, +1 after)");
    }

    /** Appends one configuration line for the calling test, if recording is on. */
    public static void recordLine(String configuration) {
        String file = System.getProperty("lincheck.record");
        if (file == null) {
            return;
        }
        // the outermost frame of a Lincheck test class: the test method itself, not a helper
        // or a lambda it called
        StackWalker.StackFrame caller = StackWalker.getInstance().walk(frames -> frames
                .filter(f -> f.getClassName().endsWith("LincheckTest"))
                .reduce((inner, outer) -> outer).orElse(null));
        if (caller == null) {
            return;
        }
        String method = caller.getMethodName().replaceAll("^lambda\\$", "")
                .replaceAll("\\$\\d+$", "");
        String line = caller.getClassName() + "\t" + method + "\t" + configuration + "\n";
        try {
            Files.writeString(Paths.get(file), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ModelCheckingOptions modelChecking() {
        return modelChecking(3);
    }

    /** Model checking with {@code threads} threads (2 for races that need only two). */
    public static ModelCheckingOptions modelChecking(int threads) {
        return modelChecking(threads, 300);
    }

    /**
     * Model checking of the readers-writers lock's policies: its engine makes each invocation
     * several times dearer than the other families', so the test command explores 120
     * invocations per scenario (180 until the soak and the asynchronous scenarios joined it).
     * These checks only pass; the ones that must find a bug (the mutants) keep their own budget.
     * {@code -Dlincheck.rw.invocations=300} (the full verification run) explores as many as the
     * other families. For a while it was 40: the three policies took 126 to 158 s each at 120 on
     * an AMD EPYC host, until it turned out that Lincheck's waiting threads were spinning on the
     * processors its one running thread needed; the stress-tests pom now runs the Lincheck tests
     * in a JVM told it has one processor, and the same check takes about a third of the time.
     */
    public static ModelCheckingOptions readersWritersModelChecking() {
        return modelChecking(3, Integer.getInteger("lincheck.rw.invocations", 120));
    }

    /**
     * Model checking of the upgradable read mode: the same engine, a smaller budget (its
     * scenarios mix four kinds of acquisition over the same state; 28 to 34 s a policy at 50
     * invocations on the AMD EPYC host, 107 to 114 s before the one-processor JVM, when it was
     * cut to 20 for a while); the full verification run passes
     * {@code -Dlincheck.rw.invocations=300} for both.
     */
    public static ModelCheckingOptions upgradableModelChecking() {
        return modelChecking(3, Integer.getInteger("lincheck.rw.invocations", 50));
    }

    /**
     * Model checking of asynchronous acquisition against cancellation: two threads suffice for
     * a grant racing a cancel; {@code -Dlincheck.rw.invocations} raises the invocations as for
     * the other readers-writers scenarios.
     */
    public static ModelCheckingOptions asyncModelChecking() {
        return modelChecking(2, Integer.getInteger("lincheck.rw.invocations", 80));
    }

    private static ModelCheckingOptions modelChecking(int threads, int invocations) {
        ModelCheckingOptions o = new ModelCheckingOptions();
        if (!FULL) {
            o.iterations(10).invocationsPerIteration(invocations);
        }
        record("model checking", threads, invocations);
        return withAtomicTableScans(o).threads(threads).actorsPerThread(2).actorsBefore(1)
                .actorsAfter(1).minimizeFailedScenario(false);
    }

    /**
     * Lets the model checker treat each method of the readers-writers lock's visible-readers
     * table (a publication CAS, a clearing exchange, a scan of 2,048 slots), of a thread's record
     * of read holds (confined to its thread, and kept across invocations, so what it contains
     * must not change the interleavings) and of the spin
     * policy (a back-off of up to 256 spin hints, which touch no shared state) as one atomic
     * step.
     * The interleavings that matter, a reader's publication and re-check against a writer's
     * revocation and scan, stay in the model at that granularity; without it the 2,048 reads of
     * one scan look to the model checker like a spin loop ("active lock") and the check fails
     * with a false hang.
     */
    public static ModelCheckingOptions withAtomicTableScans(ModelCheckingOptions o) {
        return o.addGuarantee(ManagedStrategyGuaranteeKt
                .forClasses("io.github.signalbox.locks.VisibleReaders",
                        "io.github.signalbox.locks.ReadHolds",
                        "io.github.signalbox.internal.SpinPolicy").allMethods()
                .treatAsAtomic());
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
        record("stress", 3);
        return o.threads(3).actorsPerThread(2).actorsBefore(1).actorsAfter(1);
    }
}
