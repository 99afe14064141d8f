package io.github.signalbox.ordering;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The default {@linkplain OrderingPolicy ordering policies}. */
public enum OrderingPolicies implements OrderingPolicy {

    /**
     * Throws the {@link PotentialDeadlockException}: the violating acquisition does not happen and
     * the thread holds nothing it did not hold before. The choice for tests and development.
     */
    THROW {
        @Override
        public void handle(PotentialDeadlockException violation) {
            throw violation;
        }
    },

    /**
     * Logs the violation at WARN level through SLF4J (logger {@code io.github.signalbox.ordering}),
     * once per distinct violation (the first report of a held-lock/requested-lock pair), and lets
     * the acquisition go ahead. The choice for production diagnostics.
     */
    WARN {
        @Override
        public void handle(PotentialDeadlockException violation) {
            if (violation.isFirstReport()) {
                Log.LOGGER.warn(violation.getMessage(), violation);
            }
        }
    },

    /**
     * No checking at all: a {@link LockOrdering} with this policy keeps no graph and no per-thread
     * records, and its locks cost what the locks they wrap cost. Ranks still order
     * {@link LockSet}s.
     */
    DISABLED {
        @Override
        public void handle(PotentialDeadlockException violation) {
            // never called: a DISABLED ordering does not check
        }
    };

    /**
     * The logger, created when the first report is logged (holder class idiom), so that a
     * program that never logs initializes no SLF4J and sees no "No SLF4J providers" warning.
     */
    private static final class Log {
        static final Logger LOGGER = LoggerFactory.getLogger("io.github.signalbox.ordering");
    }
}
