package io.github.signalbox.locks;

/**
 * The policy hooks of a {@link RwEngine}: who may enter now, who is served when the lock frees
 * up, and whether newly arriving readers may use the fast path. One tiny subclass per
 * {@link ReadersWritersPolicy}. All methods are called with the engine's mutex held.
 *
 * <p>Admissions keep no state: one instance per policy serves every lock.
 *
 * <p>Two ways of serving a waiter exist. <em>Granting</em> makes the waiter the owner on the spot
 * (used for the side a policy serves first, and for everyone under FAIR): no later arrival can get
 * in between. <em>Waking</em> only lets the waiter compete again (used for the side a policy
 * disfavours): a thread of the preferred side that arrives meanwhile goes first, which is what
 * makes the preference visible under saturation.
 */
abstract class Admission {

    /** May a reader enter now? The engine has checked that no other thread holds the write lock. */
    abstract boolean readerMayEnter(RwEngine engine, Waiter self);

    /**
     * May a writer try to enter now (policy only: the engine then checks holders)?
     * {@code self} is {@code null} for a newly arriving writer, else its queued node.
     */
    abstract boolean writerMayEnter(RwEngine engine, Waiter self);

    /**
     * May a thread take the upgradable read lock now (policy only: the engine then checks that no
     * writer and no other upgradable holder is in)? {@code self} is its queued node.
     */
    abstract boolean upgradableMayEnter(RwEngine engine, Waiter self);

    /**
     * Whether a queued upgradable request is served before queued writers when the lock frees up
     * (reader preference: it is a reader); otherwise writers go first where the policy says so.
     */
    boolean upgradableBeforeWriters() {
        return false;
    }

    /**
     * Whether an upgrade turns the upgradable hold into the write lock in one step. Always true;
     * a mutant releases and re-acquires instead, letting a writer in between.
     */
    boolean atomicUpgrade() {
        return true;
    }

    /**
     * Whether a grant that finds its future already completed (cancelled, timed out) is released
     * again. Always true; a mutation point for the stress tests (a false here loses the lock).
     */
    boolean releasesUnclaimedGrants() {
        return true;
    }

    /** Whether a writer or another upgradable request is queued ahead of {@code self}. */
    static boolean exclusiveRequestAhead(Waiter self) {
        for (Waiter w = self.prev; w != null; w = w.prev) {
            if (!w.isReader()) {
                return true;
            }
        }
        return false;
    }

    /** Whether a writer (or the upgrade) is queued ahead of {@code self}. */
    static boolean writerAhead(Waiter self, WaitQueue queue) {
        if (self.next == null) { // the last to arrive: every queued writer is ahead (O(1))
            return queue.writers() > (self.isWriter() ? 1 : 0);
        }
        for (Waiter w = self.prev; w != null; w = w.prev) {
            if (w.isWriter()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a waiter woken to compete (not granted) first lets the side this policy prefers
     * keep the lock, if that side was active since the waiter arrived.
     */
    abstract boolean yieldsWhenWoken(Waiter waiter);

    /**
     * A number that changes whenever the side this policy prefers uses the lock, watched by
     * woken waiters of the other side before they compete (see {@link #yieldsWhenWoken}).
     */
    long preferredActivity(RwEngine engine) {
        return 0L;
    }

    /** Serves waiters after a release or a cancellation; no thread holds the write lock. */
    abstract void dispatch(RwEngine engine);

    /** The reader gate while no thread holds the write lock. */
    abstract int gateWhileNoWriter(RwEngine engine);

    /**
     * The reader gate while a writer is queued and none holds the lock: CLOSED (new readers
     * queue) unless the policy prefers readers. A writer sets it as it joins the queue, so that no
     * reader arriving after it can see it queued and still pass the gate.
     */
    int gateWhileWriterQueued() {
        return RwEngine.CLOSED;
    }

    /** The reader gate for the engine's current state. */
    int gate(RwEngine engine) {
        return engine.isWriteLocked() ? RwEngine.CLOSED : gateWhileNoWriter(engine);
    }

    /**
     * Whether a reader that finds the gate closed while nobody is queued retries for a few
     * microseconds before it queues (and may then overtake later arrivals). FAIR says no: there a
     * reader queues at once, so a writer that releases and re-acquires in a loop cannot keep it
     * out; the writer finds it queued and waits its turn.
     */
    boolean readersSpinBeforeQueueing() {
        return true;
    }

    /**
     * How many slots of {@link VisibleReaders} a writer scans for registered readers: all of them
     * (a mutant scans fewer).
     */
    int visibleReaderSlotsToScan() {
        return VisibleReaders.SIZE;
    }

    private static final Admission READER_PREFERENCE = new ReaderPreference();
    private static final Admission WRITER_PREFERENCE = new WriterPreference();
    private static final Admission FAIR = new Fair();

    /** The admission rules of a policy: stateless, so one instance serves every lock. */
    static Admission of(ReadersWritersPolicy policy) {
        switch (policy) {
            case READER_PREFERENCE:
                return READER_PREFERENCE;
            case WRITER_PREFERENCE:
                return WRITER_PREFERENCE;
            case FAIR:
                return FAIR;
            default:
                throw new AssertionError(policy);
        }
    }

    abstract ReadersWritersPolicy policy();

    /** First readers-writers problem: readers enter unless a writer holds the lock. */
    static class ReaderPreference extends Admission {
        @Override
        boolean readerMayEnter(RwEngine engine, Waiter self) {
            return true;
        }

        @Override
        boolean writerMayEnter(RwEngine engine, Waiter self) {
            WaitQueue q = engine.queue();
            return q.readers() == 0 && (self == null ? q.writers() == 0 : q.firstWriter() == self);
        }

        @Override
        boolean upgradableMayEnter(RwEngine engine, Waiter self) {
            return true; // a reader like any other: queued writers do not hold it back
        }

        @Override
        boolean upgradableBeforeWriters() {
            return true;
        }

        @Override
        boolean yieldsWhenWoken(Waiter waiter) {
            return waiter.isWriter();
        }

        @Override
        long preferredActivity(RwEngine engine) {
            return engine.slowReaderReleases();
        }

        @Override
        void dispatch(RwEngine engine) {
            WaitQueue q = engine.queue();
            if (q.readers() > 0) {
                engine.grantAllQueuedReaders();
                return;
            }
            Waiter first = q.firstWriter();
            if (first != null && first.status == Waiter.WAITING && engine.noActiveReaders()) {
                if (preferredActivity(engine) == first.activityMark) {
                    // no reader has been through the slow path since this writer queued: there
                    // is nobody to prefer, so hand over as a plain lock does (a woken writer would
                    // find the same and retry at once, only a park round trip later)
                    engine.tryGrantWrite(first);
                } else {
                    engine.wake(first);
                }
            }
        }

        @Override
        int gateWhileNoWriter(RwEngine engine) {
            return engine.queue().writers() > 0 ? gateWhileWriterQueued() : RwEngine.OPEN;
        }

        @Override
        int gateWhileWriterQueued() {
            // a waiting writer does not stop readers, but each reader that leaves must look
            return RwEngine.NOTIFY;
        }

        @Override
        ReadersWritersPolicy policy() {
            return ReadersWritersPolicy.READER_PREFERENCE;
        }
    }

    /** Second readers-writers problem: once a writer waits, no new reader enters. */
    static class WriterPreference extends Admission {
        @Override
        boolean readerMayEnter(RwEngine engine, Waiter self) {
            return engine.queue().writers() == 0;
        }

        @Override
        boolean writerMayEnter(RwEngine engine, Waiter self) {
            WaitQueue q = engine.queue();
            return self == null ? q.writers() == 0 : q.firstWriter() == self;
        }

        @Override
        boolean upgradableMayEnter(RwEngine engine, Waiter self) {
            return !writerAhead(self, engine.queue()); // waiting writers go first, as for readers
        }

        @Override
        boolean yieldsWhenWoken(Waiter waiter) {
            return !waiter.isWriter();
        }

        @Override
        long preferredActivity(RwEngine engine) {
            return engine.writerTakes();
        }

        @Override
        void dispatch(RwEngine engine) {
            Waiter first = engine.queue().firstWriter();
            if (first != null) {
                engine.tryGrantWrite(first);
            } else {
                engine.wakeAllQueuedReaders();
            }
        }

        @Override
        int gateWhileNoWriter(RwEngine engine) {
            return engine.queue().writers() > 0 ? gateWhileWriterQueued() : RwEngine.OPEN;
        }

        @Override
        ReadersWritersPolicy policy() {
            return ReadersWritersPolicy.WRITER_PREFERENCE;
        }
    }

    /** Third readers-writers problem: one arrival-order queue, consecutive readers together. */
    static class Fair extends Admission {
        @Override
        boolean readerMayEnter(RwEngine engine, Waiter self) {
            if (self == null) {
                return engine.queue().writers() == 0;
            }
            return !writerAhead(self, engine.queue());
        }

        @Override
        boolean writerMayEnter(RwEngine engine, Waiter self) {
            WaitQueue q = engine.queue();
            return self == null ? q.isEmpty() : q.head() == self;
        }

        @Override
        boolean upgradableMayEnter(RwEngine engine, Waiter self) {
            return !exclusiveRequestAhead(self); // arrival order among writers and upgradables
        }

        @Override
        boolean yieldsWhenWoken(Waiter waiter) {
            return false; // FAIR grants, it never wakes waiters to compete
        }

        @Override
        boolean readersSpinBeforeQueueing() {
            return false;
        }

        @Override
        void dispatch(RwEngine engine) {
            Waiter head = engine.queue().head();
            if (head == null) {
                return;
            }
            if (head.isWriter()) {
                engine.tryGrantWrite(head);
            } else {
                engine.grantLeadingReaders();
            }
        }

        @Override
        int gateWhileNoWriter(RwEngine engine) {
            return engine.queue().writers() > 0 ? gateWhileWriterQueued() : RwEngine.OPEN;
        }

        @Override
        ReadersWritersPolicy policy() {
            return ReadersWritersPolicy.FAIR;
        }
    }
}
