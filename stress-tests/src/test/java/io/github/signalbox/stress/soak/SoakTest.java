package io.github.signalbox.stress.soak;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.locks.Mutants;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The soak of the test command: every family at once for {@code -Dsoak.seconds} (60 by
 * default) with a seed from {@code -Dsoak.seed} (random otherwise, and printed), and the check
 * that the soak can fail: a lock whose release forgets to wake waiters must be caught at a
 * checkpoint.
 */
class SoakTest {

    @Test
    void everyFamilySurvivesTheSoakWithNothingLost() throws Exception {
        long seed = Long.getLong("soak.seed", System.nanoTime());
        Duration duration = Duration.ofSeconds(Long.getLong("soak.seconds", 60L));
        Soak.Result r = Soak.run(duration, seed);
        System.out.println(r.report());
        String file = System.getProperty("soak.report");
        if (file != null) {
            Files.writeString(Path.of(file), r.report(), StandardCharsets.UTF_8);
        }
        assertTrue(r.passed(), r.report());
        assertTrue(r.checkpoints >= 2, "at least one checkpoint and the final one: " + r.report());
    }

    @Test
    void theSoakCatchesALockWhoseReleaseForgetsItsWaiters() throws IOException,
            InterruptedException {
        Soak soak = new Soak(List.of(new LockFamily(Mutants.forgetfulRelease(), "mutant lock")),
                Duration.ofSeconds(3), 42L, Duration.ofSeconds(5));
        Soak.Result r = soak.run();
        assertFalse(r.passed(), "the soak passed a lock that loses wake-ups:\n" + r.report());
        assertTrue(r.violations.get(0).contains("did not reach the checkpoint"), r.report());
    }
}
