package io.github.signalbox.ordering;

/**
 * How a lock is held or requested. Exclusive locks and write sides are {@code WRITE}; only the
 * read side of a readers-writers lock is {@code READ}.
 */
enum AccessMode {
    READ,
    WRITE;

    /** The index of a (held, requested) pair, 0..3: one bit each in an edge's mode masks. */
    static int pair(AccessMode held, AccessMode requested) {
        return held.ordinal() * 2 + requested.ordinal();
    }

    static AccessMode heldOf(int pair) {
        return values()[pair >> 1];
    }

    static AccessMode requestedOf(int pair) {
        return values()[pair & 1];
    }
}
