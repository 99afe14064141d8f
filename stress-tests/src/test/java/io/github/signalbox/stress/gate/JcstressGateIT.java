package io.github.signalbox.stress.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The jcstress pass of the test command (run by Failsafe after the jar is built): every jcstress
 * test passes, and every mutant test fails. Both runs use the lean quick settings unless
 * {@code -Djcstress.mode=default} is given.
 */
class JcstressGateIT {

    /** Every jcstress test but the mutants. */
    private static final String TESTS = "^io\\.github\\.signalbox\\.stress\\.(?!mutants\\.)";
    /** The tests run against deliberately broken primitives. */
    private static final String MUTANTS = "^io\\.github\\.signalbox\\.stress\\.mutants\\.";

    @Test
    void everyJcstressTestPasses() throws Exception {
        JcstressRun run = JcstressRun.run(TESTS, "tests");
        String summary = run.summary();
        System.out.println(summary);
        assertFalse(run.noMatchingTests(), "jcstress matched no test\n" + summary);
        assertFalse(run.selected.isEmpty(), "no jcstress test in the jar\n" + summary);
        assertTrue(run.failed.isEmpty(), "jcstress tests failed\n" + summary);
        assertEquals(run.selected, run.passed, "every selected test must pass\n" + summary);
    }

    @Test
    void everyMutantIsRejected() throws Exception {
        JcstressRun run = JcstressRun.run(MUTANTS, "mutants");
        String summary = run.summary();
        System.out.println(summary);
        assertFalse(run.noMatchingTests(), "jcstress matched no mutant test\n" + summary);
        assertFalse(run.selected.isEmpty(), "no mutant test in the jar\n" + summary);
        assertNotEquals(0, run.exitCode, "jcstress passed a mutant\n" + summary);
        assertEquals(run.selected, run.failed, "every mutant test must fail\n" + summary);
    }
}
