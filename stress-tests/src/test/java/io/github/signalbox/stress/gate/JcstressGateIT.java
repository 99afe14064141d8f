package io.github.signalbox.stress.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jcstress pass of the test command (run by Failsafe after the jar is built): every jcstress
 * test passes, and every mutant test fails. Both runs use the lean quick settings unless
 * {@code -Djcstress.mode=default} is given.
 *
 * <p>The two runs go side by side. The mutant run is mostly idle: each lost-wakeup mutant ends
 * in jcstress's 30-second wait for a thread that never wakes (on the 2-core AMD EPYC host it
 * used 1.9 CPU minutes in 4.7 minutes). One after the other the gate took 9.3 minutes there,
 * side by side 5.5 to 6. The price: the test run gets a share of the CPUs while the mutant run
 * is busy, so its tests collected a median 0.78 (lowest 0.14) of the samples they collect
 * alone. Every mutant was still rejected, in both JVM configurations but for "a release skips
 * a running head", which, side by side or not, is sometimes caught in only one of the two.
 * The full verification ({@code scripts/full-verification}) runs the two one after the other
 * in jcstress's default mode.
 */
class JcstressGateIT {

    /** Every jcstress test but the mutants. */
    private static final String TESTS = "^io\\.github\\.signalbox\\.stress\\.(?!mutants\\.)";
    /** The tests run against deliberately broken primitives. */
    private static final String MUTANTS = "^io\\.github\\.signalbox\\.stress\\.mutants\\.";

    private static JcstressRun.Started tests;
    private static JcstressRun.Started mutants;

    @BeforeAll
    static void startBothRuns() throws Exception {
        mutants = JcstressRun.start(MUTANTS, "mutants");
        tests = JcstressRun.start(TESTS, "tests");
    }

    @AfterAll
    static void stopBothRuns() {
        // either may be null if @BeforeAll failed to start it; stop whatever did start
        if (mutants != null) {
            mutants.stop();
        }
        if (tests != null) {
            tests.stop();
        }
    }

    @Test
    void everyJcstressTestPasses() throws Exception {
        JcstressRun run = tests.await();
        String summary = run.summary();
        System.out.println(summary);
        assertFalse(run.noMatchingTests(), "jcstress matched no test\n" + summary);
        assertFalse(run.selected.isEmpty(), "no jcstress test in the jar\n" + summary);
        assertTrue(run.failed.isEmpty(), "jcstress tests failed\n" + summary);
        assertEquals(run.selected, run.passed, "every selected test must pass\n" + summary);
    }

    @Test
    void everyMutantIsRejected() throws Exception {
        JcstressRun run = mutants.await();
        String summary = run.summary();
        System.out.println(summary);
        assertFalse(run.noMatchingTests(), "jcstress matched no mutant test\n" + summary);
        assertFalse(run.selected.isEmpty(), "no mutant test in the jar\n" + summary);
        assertNotEquals(0, run.exitCode, "jcstress passed a mutant\n" + summary);
        assertEquals(run.selected, run.failed, "every mutant test must fail\n" + summary);
    }
}
