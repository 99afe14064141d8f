package io.github.signalbox.locks;

/**
 * The policy hooks of a {@link RwEngine}: who may enter now, who is served when the lock frees
 * up, and whether newly arriving readers may use the fast path. One tiny subclass per
 * {@link ReadersWritersPolicy}. All methods are called with the engine's mutex held.
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
     * Whether a queued waiter spins before it parks. Waiters that are granted the lock spin, so a
     * hand-off costs no park round trip; waiters of the disfavoured side only get woken to
     * compete, and park at once, so that the preferred side keeps the lock while they wake up.
     */
    abstract boolean spinsWhileWaiting(Waiter waiter);

    /**
     * A number that changes whenever the side this policy prefers uses the lock, watched by
     * woken waiters of the other side before they compete (only read for waiters that do not
     * {@linkplain #spinsWhileWaiting spin}).
     */
    long preferredActivity(RwEngine engine) {
        return 0L;
    }

    /** Serves waiters after a release or a cancellation; no thread holds the write lock. */
    abstract void dispatch(RwEngine engine);

    /** The reader gate while no thread holds the write lock. */
    abstract int gateWhileNoWriter(RwEngine engine);

    /** The reader gate for the engine's current state. */
    int gate(RwEngine engine) {
        return engine.isWriteLocked() ? RwEngine.CLOSED : gateWhileNoWriter(engine);
    }

    static Admission of(ReadersWritersPolicy policy) {
        switch (policy) {
            case READER_PREFERENCE:
                return new ReaderPreference();
            case WRITER_PREFERENCE:
                return new WriterPreference();
            case FAIR:
                return new Fair();
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
            WaitQueue q = engine.queue;
            return q.readers() == 0 && (self == null ? q.writers() == 0 : q.firstWriter() == self);
        }

        @Override
        boolean spinsWhileWaiting(Waiter waiter) {
            return !waiter.isWriter();
        }

        @Override
        long preferredActivity(RwEngine engine) {
            return engine.slowReaderReleases();
        }

        @Override
        void dispatch(RwEngine engine) {
            WaitQueue q = engine.queue;
            if (q.readers() > 0) {
                engine.grantAllQueuedReaders();
                return;
            }
            Waiter first = q.firstWriter();
            if (first != null && first.status == Waiter.WAITING && engine.noActiveReaders()) {
                engine.wake(first);
            }
        }

        @Override
        int gateWhileNoWriter(RwEngine engine) {
            // a waiting writer does not stop readers, but each reader that leaves must look
            return engine.queue.writers() > 0 ? RwEngine.NOTIFY : RwEngine.OPEN;
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
            return engine.queue.writers() == 0;
        }

        @Override
        boolean writerMayEnter(RwEngine engine, Waiter self) {
            WaitQueue q = engine.queue;
            return self == null ? q.writers() == 0 : q.firstWriter() == self;
        }

        @Override
        boolean spinsWhileWaiting(Waiter waiter) {
            return waiter.isWriter();
        }

        @Override
        long preferredActivity(RwEngine engine) {
            return engine.writerTakes();
        }

        @Override
        void dispatch(RwEngine engine) {
            Waiter first = engine.queue.firstWriter();
            if (first != null) {
                engine.tryGrantWrite(first);
            } else {
                engine.wakeAllQueuedReaders();
            }
        }

        @Override
        int gateWhileNoWriter(RwEngine engine) {
            return engine.queue.writers() > 0 ? RwEngine.CLOSED : RwEngine.OPEN;
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
                return engine.queue.writers() == 0;
            }
            for (Waiter w = self.prev; w != null; w = w.prev) {
                if (w.isWriter()) {
                    return false;
                }
            }
            return true;
        }

        @Override
        boolean writerMayEnter(RwEngine engine, Waiter self) {
            WaitQueue q = engine.queue;
            return self == null ? q.isEmpty() : q.head() == self;
        }

        @Override
        boolean spinsWhileWaiting(Waiter waiter) {
            return true;
        }

        @Override
        void dispatch(RwEngine engine) {
            Waiter head = engine.queue.head();
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
            return engine.queue.writers() > 0 ? RwEngine.CLOSED : RwEngine.OPEN;
        }

        @Override
        ReadersWritersPolicy policy() {
            return ReadersWritersPolicy.FAIR;
        }
    }
}
