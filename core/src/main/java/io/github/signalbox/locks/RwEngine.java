package io.github.signalbox.locks;

import io.github.signalbox.Guard;
import io.github.signalbox.internal.Completions;
import io.github.signalbox.internal.ContendedWait;
import io.github.signalbox.internal.Names;
import io.github.signalbox.internal.SpinPolicy;
import io.github.signalbox.internal.Timeouts;
import io.github.signalbox.internal.WaitOutcome;
import io.github.signalbox.internal.WaitSnapshot;
import io.github.signalbox.internal.WaitStats;
import io.github.signalbox.internal.WaitTarget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.concurrent.locks.AbstractOwnableSynchronizer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state machine behind a {@link ReadersWritersLock}.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>One state word.</b> {@link #state} packs the reader gate (bits 0-1: {@link #OPEN},
 * {@link #NOTIFY}, {@link #CLOSED}), {@link #WAITERS} (the wait queue is not empty),
 * {@link #WRITER} (the write lock is held), {@link #BIAS} (readers may register in
 * {@link VisibleReaders} instead of counting here) and, from bit 8 up, the read holds counted
 * here. Every fast path is one CAS on it: an uncontended writer swaps {@code 0} for
 * {@code WRITER|CLOSED} and back; a reader adds one hold while the gate is not closed. The lock
 * therefore keeps no memory per thread, and a writer's work never depends on how many threads
 * have read it.
 *
 * <p><b>Who holds what.</b> Exact per-thread read hold counts (reentrancy, upgrade detection,
 * {@code getReadHoldCount}) live with the threads, as in {@code ReentrantReadWriteLock}: the
 * reader that takes the count from zero records itself in {@link #firstReader} (no thread-local
 * lookup in the uncontended case); every other reader keeps a small {@link ReadHolds.Hold} in
 * its thread's record of read holds, reused from lock to lock, so neither the lock nor the
 * thread allocates per acquisition. A registered reader's first hold is its slot; its further
 * (reentrant) holds are counted in the state word, so the read lock count stays exact.
 *
 * <p><b>Read bias.</b> A reader that finds another reader already counted (readers overlap) turns
 * {@link #BIAS} (and {@link #SLOTTED}) on; from then on new readers register in a slot of the global
 * {@link VisibleReaders} table chosen by their thread and this lock, so overlapping readers write
 * different cache lines instead of one counter. A registered reader publishes its slot (a CAS, a
 * full fence) and then re-reads the state; a writer clears BIAS (a CAS) and then scans the table.
 * At least one of the two sees the other (Dekker): the reader backs off, or the writer sees the
 * slot and waits. A leaving registered reader empties its slot (a full fence) and then reads the
 * state: if BIAS is gone, a writer may be waiting for it, so it dispatches. A revocation keeps the
 * bias off for nine times as long as the scan took (at least {@link #MIN_INHIBIT_NANOS}), so
 * write-heavy phases do not pay a scan per write (BRAVO's rule).
 *
 * <p><b>Slow path.</b> Waiting, the {@link WaitQueue} and the policy decisions of
 * {@link Admission} happen under {@link SlowPath#mutex}, created the first time a thread has to
 * wait (a lock that never sees contention never allocates it). A waiter sets WAITERS (a writer
 * also narrows the gate as its policy does for a queued writer), then joins the queue, both
 * <em>before</em> it checks whether it may enter: a reader that can see the writer queued can no
 * longer pass the gate ahead of it, and from then on the uncontended writer CAS
 * (which needs the whole word to be 0) fails, a releasing writer takes the slow path, and a
 * reader that drops the count to zero dispatches, so no release is missed. Every grant is a CAS
 * on the state word that re-checks the holders. The gate is recomputed at the end of every
 * critical section of the mutex ({@link #updateGate()}).
 *
 * <p><b>Waiting.</b> A thread that finds the lock taken while nobody is queued spins briefly on
 * the fast path before it queues (arrival order is the order of joining the queue). A releasing
 * thread either grants the lock to a waiter (installs it and dequeues it) or wakes it to compete
 * again (see {@link Admission}). Waiters spin for about one park round trip ({@link SpinPolicy})
 * before parking. A woken waiter of the side a preference policy disfavours first waits until
 * the preferred side, if it was active since the waiter arrived, has left the lock alone for a
 * short window ({@link #yieldToPreferredSide}). A waiter that times out or is interrupted takes
 * the mutex: if it was granted meanwhile it simply owns the lock, otherwise it leaves the queue
 * and dispatches, so nobody it was holding back keeps waiting. Blocking only ever parks through
 * {@link LockSupport}, so virtual threads unmount while they wait.
 */
@SuppressWarnings("serial") // never serialized: the lock that holds it is not Serializable
final class RwEngine extends AbstractOwnableSynchronizer implements WaitTarget {

    /** Gate: readers may enter on the fast path. */
    static final int OPEN = 0;
    /** Gate: readers may enter on the fast path, though a writer waits (reader preference). */
    static final int NOTIFY = 1;
    /** Gate: readers must take the slow path. */
    static final int CLOSED = 2;

    static final long GATE_MASK = 3L;
    static final long WAITERS = 1L << 2;
    static final long WRITER = 1L << 3;
    static final long BIAS = 1L << 4;
    /** Registered readers may remain in {@link VisibleReaders}; cleared by a scan finding none. */
    static final long SLOTTED = 1L << 5;
    /** A thread holds the upgradable read lock: no writer and no other upgradable may enter. */
    static final long UPGRADABLE = 1L << 6;
    static final int READER_SHIFT = 8;
    static final long ONE_READER = 1L << READER_SHIFT;
    /** The uncontended write-locked state. */
    private static final long WRITE_LOCKED = WRITER | CLOSED;

    /** The shortest time a revocation keeps the read bias off. */
    static final long MIN_INHIBIT_NANOS = 20_000L;

    private final Admission admission;
    private final Object owner;
    /** The threads holding the read lock and their holds; null unless tracking was asked for. */
    final ReadHolders readHolders;

    private volatile long state;
    /*
     * The thread holding the write lock is the synchronizer's exclusive owner (a plain field of
     * AbstractOwnableSynchronizer, written by the writer after acquiring and cleared before
     * release, as the writer field it replaces). Extending the JDK class costs nothing and lets
     * the JVM's deadlock detection (ThreadMXBean.findDeadlockedThreads, jstack, jcmd
     * Thread.print) follow a thread parked on this engine to the writer it waits for, as it does
     * for ReentrantReadWriteLock.
     */
    /**
     * The holder of the upgradable read lock, or null. A plain field, as the writer's: its holder
     * writes it after the CAS that takes the hold and clears it before the CAS that releases it;
     * a granter writes it before the grant's volatile signal; other threads only compare it with
     * themselves (which sees their own writes) or read it under the mutex, after the holder's
     * own mutex section (so the upgrade's dispatcher sees it).
     */
    private Thread upgradableOwner;
    /** Write holds of the exclusive owner; written by it, or by a granter before the grant. */
    private int writeHolds;
    /** The reader that took the read count from zero, and its holds; null when none. */
    private Thread firstReader;
    private int firstReaderHolds;
    /**
     * The read holds of threads that hold more read locks at once than their {@link ReadHolds}
     * record keeps; created on first need.
     */
    private volatile ThreadLocal<ReadHolds.Hold> overflowHolds;
    /** Mutex, queue and activity counters; created by the first thread that has to wait. */
    private volatile SlowPath slow;

    /**
     * What only contended (or named) locks need. Kept out of the engine so that an unnamed lock
     * that never waits stays small: a named lock creates it at construction.
     */
    static final class SlowPath {
        final ReentrantLock mutex = new ReentrantLock();
        final WaitQueue queue = new WaitQueue();
        /** The name given at construction, or null. */
        final String name;
        /**
         * Until when ({@link System#nanoTime()}) readers may not turn the bias on; opaque. Only a
         * revocation sets it, and a revocation happens under the mutex, so a lock without a
         * slow path was never revoked.
         */
        long biasInhibitedUntil;
        /** Counted by threads that wait, when they stop waiting. */
        final WaitStats stats;
        /** The queued upgrade (at most one: only the upgradable holder can ask); mutex. */
        Waiter upgrading;
        /** Slow-path write acquisitions and read releases: watched by woken waiters; opaque. */
        long writerTakes;
        long slowReaderReleases;

        /** Asynchronous requests granted in this mutex section, completed after it; mutex. */
        final Completions.AfterUnlock granted = new Completions.AfterUnlock();

        SlowPath(String name, WaitStats stats) {
            this.name = name;
            this.stats = stats;
        }
    }

    /**
     * Releases the mutex, then completes the asynchronous requests granted while it was held:
     * their callbacks run without any lock of this engine held.
     */
    private static void unlock(SlowPath sp) {
        sp.granted.unlockThenRun(sp.mutex);
    }

    RwEngine(Admission admission, Object owner, String name, boolean trackReadHolders) {
        this.admission = admission;
        this.owner = owner;
        this.readHolders = trackReadHolders ? new ReadHolders() : null;
        if (name != null) {
            this.slow = newSlowPath(name);
        }
    }

    // ------------------------------------------------------------------ read side

    boolean acquireRead(boolean interruptible, boolean timed, long nanos)
            throws InterruptedException {
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        Thread me = Thread.currentThread();
        if (firstReader == me) {
            // reentrant: always admitted, whatever waits, so a reader never deadlocks itself
            firstReaderHolds = incremented(firstReaderHolds, "read");
            STATE.getAndAdd(this, ONE_READER);
            return true;
        }
        long s = state;
        if (s == OPEN && STATE.compareAndSet(this, s, s + ONE_READER)) {
            firstReader = me; // nobody held it: we are the first reader and hold nothing else
            firstReaderHolds = 1;
            return true;
        }
        ReadHolds mine = ReadHolds.ofCurrentThread();
        ReadHolds.Hold hold = mine.find(this);
        if (hold != null) {
            hold.count = incremented(hold.count, "read");
            STATE.getAndAdd(this, ONE_READER); // only a first hold is ever registered in a slot
            return true;
        }
        if (writerOwner() == me || upgradableOwner == me) {
            // the write holder may read (downgrade); the upgradable holder is a reader already,
            // and a writer queued behind its hold must not make it wait for itself
            STATE.getAndAdd(this, ONE_READER);
            mine.add(this, -1);
            return true;
        }
        return acquireNewRead(mine, interruptible, timed, nanos);
    }

    /** A thread that holds no read hold of this lock enters: bias slot, count, or the queue. */
    private boolean acquireNewRead(ReadHolds mine, boolean interruptible, boolean timed,
            long nanos) throws InterruptedException {
        boolean backedOff = false;
        long spinEnd = 0L;
        for (int i = 0; ; i++) {
            long s = state;
            if (gateOf(s) == CLOSED) {
                if (timed && nanos <= 0 && !backedOff) {
                    return false; // the policy or a writer keeps new readers out
                }
                if ((s & WAITERS) != 0 || backedOff || !admission.readersSpinBeforeQueueing()) {
                    break;
                }
                if (spinEnd == 0L) {
                    spinEnd = System.nanoTime() + SpinPolicy.SPIN_NANOS;
                }
                if (!SpinPolicy.spinUntil(spinEnd, i)) {
                    break; // a writer holds it for longer: queue
                }
                continue; // no back-off: a reader must see a short write end at once
            }
            if ((s & BIAS) != 0) {
                int slot = VisibleReaders.tryPublish(ReadHolds.line(), this);
                if (slot >= 0) {
                    long now = state;
                    if ((now & BIAS) != 0 && gateOf(now) != CLOSED) {
                        mine.add(this, slot);
                        return true;
                    }
                    VisibleReaders.clear(slot); // revoked meanwhile: back off; a writer may
                    backedOff = true;           // have seen the slot: the slow path dispatches
                    break;
                }
            }
            if (readersOf(s) > 0 && (s & BIAS) == 0 && tryEnableBias(s)) {
                continue; // readers overlap: from now on they register apart
            }
            if (STATE.compareAndSet(this, s, s + ONE_READER)) {
                mine.add(this, -1);
                return true;
            }
        }
        return acquireReadSlow(mine, backedOff, interruptible, timed, nanos);
    }

    private boolean acquireReadSlow(ReadHolds mine, boolean backedOff, boolean interruptible,
            boolean timed, long nanos) throws InterruptedException {
        Thread me = Thread.currentThread();
        SlowPath sp = slowPath();
        Waiter node = Waiter.reader(me);
        AsyncHold inside = null;
        sp.mutex.lock();
        try {
            markWaiters(OPEN);
            node.queuedAhead = sp.queue.size();
            sp.queue.add(node);
            if (backedOff) {
                dispatch(); // a writer may have seen our transient registration and given up
            }
            if (node.status != Waiter.GRANTED && readerMayEnter(node, me) && addReader()) {
                sp.queue.remove(node);
                node.status = Waiter.GRANTED;
            } else if (node.status != Waiter.GRANTED && timed && nanos <= 0) {
                sp.queue.remove(node);
                dispatch();
                return false;
            } else if (node.status != Waiter.GRANTED
                    && (inside = openAsyncHoldOnThisThread()) != null) {
                sp.queue.remove(node);
                dispatch();
            } else {
                node.activityMark = admission.preferredActivity(this);
            }
        } finally {
            updateGate();
            unlock(sp);
        }
        if (inside != null) {
            throw waitInside(inside, "read lock");
        }
        if (node.status == Waiter.GRANTED || await(node, interruptible, timed, nanos)) {
            mine.add(this, -1); // the grant counted us in the state word
            return true;
        }
        return false;
    }

    private boolean readerMayEnter(Waiter self, Thread reader) {
        return (state & WRITER) == 0 ? admission.readerMayEnter(this, self)
                : writerOwner() == reader;
    }

    /** Counts one more reader in the state word unless a writer holds the lock. */
    private boolean addReader() {
        for (;;) {
            long s = state;
            if ((s & WRITER) != 0 && writerOwner() != Thread.currentThread()) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s + ONE_READER)) {
                return true;
            }
        }
    }

    /** Counts a queued reader in on its behalf (it records its hold itself when it wakes). */
    private boolean grantReader() {
        for (;;) {
            long s = state;
            if ((s & WRITER) != 0) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s + ONE_READER)) {
                return true;
            }
        }
    }

    void releaseRead() {
        Thread me = Thread.currentThread();
        if (firstReader == me) {
            int held = firstReaderHolds;
            if (held == 1) {
                firstReader = null;
            }
            firstReaderHolds = held - 1;
            releaseCounted();
            return;
        }
        ReadHolds mine = ReadHolds.ofCurrentThread();
        ReadHolds.Hold hold = mine.find(this);
        if (hold == null) {
            throw new IllegalMonitorStateException(
                    describe() + ": thread " + me.getName()
                    + " cannot release the read lock: it does not hold it");
        }
        if (hold.count > 1) {
            hold.count--;
            releaseCounted(); // further holds are counted in the state word
            return;
        }
        int slot = hold.slot;
        mine.remove(this, hold);
        if (slot < 0) {
            releaseCounted();
            return;
        }
        VisibleReaders.clear(slot);
        if ((state & BIAS) == 0) {
            dispatchAfterRead(); // the bias was revoked: a writer may wait for us
        }
    }

    /** Removes one read hold counted in the state word; the last one out dispatches waiters. */
    private void releaseCounted() {
        long before = (long) STATE.getAndAdd(this, -ONE_READER);
        if ((before & WAITERS) != 0 && readersOf(before) == 1) {
            dispatchAfterRead();
        }
    }

    private void dispatchAfterRead() {
        SlowPath sp = slowPath();
        sp.mutex.lock();
        try {
            SLOW_READER_RELEASES.setOpaque(sp, sp.slowReaderReleases + 1);
            dispatch();
        } finally {
            updateGate();
            unlock(sp);
        }
    }

    /**
     * Turns the read bias on, from state {@code s}, if nothing but readers is going on and no
     * recent revocation forbids it; true if it is on now.
     */
    private boolean tryEnableBias(long s) {
        return (s & (GATE_MASK | WAITERS | WRITER | BIAS)) == 0
                && biasAllowedNow()
                && STATE.compareAndSet(this, s, s | BIAS | SLOTTED);
    }

    /** Whether no recent revocation keeps the read bias off. */
    private boolean biasAllowedNow() {
        SlowPath sp = slow;
        return sp == null || System.nanoTime() - (long) INHIBITED_UNTIL.getOpaque(sp) >= 0;
    }

    /** Test seam: starts with the read bias on, as if readers had overlapped. */
    void startReadBiasedForTest() {
        STATE.getAndBitwiseOr(this, BIAS | SLOTTED);
    }

    // ------------------------------------------------------------------ write side

    boolean acquireWrite(boolean interruptible, boolean timed, long nanos)
            throws InterruptedException {
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        Thread me = Thread.currentThread();
        if (getExclusiveOwnerThread() == me) {
            writeHolds = incremented(writeHolds, "write");
            return true;
        }
        if (state == 0L && STATE.compareAndSet(this, 0L, WRITE_LOCKED)) {
            setExclusiveOwnerThread(me); // nobody read it, so we cannot hold the read lock
            writeHolds = 1;
            return true;
        }
        return acquireWriteSlow(me, interruptible, timed, nanos);
    }

    /** A write acquisition that found the lock in use (kept apart so the fast path inlines). */
    private boolean acquireWriteSlow(Thread me, boolean interruptible, boolean timed,
            long nanos) throws InterruptedException {
        if (upgradableOwner == me) {
            throw new LockUpgradeException(describe() + ": thread " + me.getName()
                    + " holds the upgradable read lock and asked for the write lock; use the"
                    + " upgradable guard's upgrade(), which turns the hold into the write lock"
                    + " without letting another writer in");
        }
        if (readHoldCount() > 0) {
            throw new LockUpgradeException(describe() + ": thread " + me.getName()
                    + " holds only the read lock and asked for the write lock; that would wait"
                    + " for itself forever. Release the read lock first, then re-check after"
                    + " acquiring the write lock; or hold the upgradable read lock"
                    + " (upgradable()) instead, whose upgrade() lets no other writer in");
        }
        if (timed && nanos <= 0) {
            long s = state;
            if ((s & (WRITER | UPGRADABLE)) != 0 || readersOf(s) != 0) {
                return false; // held: no policy lets a new writer in
            }
        } else if (spinForWrite(me)) {
            return true;
        }
        return acquireWriteQueued(me, 1, interruptible, timed, nanos);
    }

    /**
     * Retries the uncontended CAS for a few park round trips while another writer holds the
     * lock and nobody is queued, before joining the queue. Once anybody is queued, it queues at
     * once, so the policy sees it (a spinning writer would be invisible to writer preference).
     */
    private boolean spinForWrite(Thread me) {
        long end = System.nanoTime() + WRITE_SPIN_NANOS;
        int backoff = FIRST_WRITE_BACKOFF;
        for (int i = 0; i < MAX_WRITE_SPINS; i++) {
            long s = state;
            if (s == 0L) {
                if (STATE.compareAndSet(this, 0L, WRITE_LOCKED)) {
                    setExclusiveOwnerThread(me);
                    writeHolds = 1;
                    return true;
                }
            } else if ((s & (WAITERS | BIAS | SLOTTED | UPGRADABLE)) != 0 || readersOf(s) != 0
                    || System.nanoTime() - end >= 0) {
                return false; // somebody queued, readers hold it, or it stays taken: queue
            }
            backoff = SpinPolicy.backOff(backoff);
        }
        return false;
    }

    /**
     * Reads of the state word in one write spin: with the back-off that is about 8,000 spin
     * hints, more than the time bound allows on real processors; the bound holds even where time
     * does not pass (a model checker).
     */
    private static final int MAX_WRITE_SPINS = 32;

    /**
     * How long a writer retries before it queues: a few park round trips. Longer than a waiter's
     * spin, because queueing turns every later release into a hand-off (a convoy) until the
     * queue drains, while a spinning writer that backs off costs the holder almost nothing.
     */
    private static final long WRITE_SPIN_NANOS = 4 * SpinPolicy.SPIN_NANOS;

    /**
     * Spin hints before a spinning writer first looks at the lock again. A writer that looks
     * sooner mostly finds the holder still inside (a short critical section re-acquired at once)
     * and only takes the cache line away from it; a first pause of about one critical section
     * plus a cache-line transfer halved the two-writer time per operation (about 125 to about
     * 50 ns on the 2-core test machines, where StampedLock takes about 60).
     */
    private static final int FIRST_WRITE_BACKOFF = 64;

    /** Acquires the write lock with {@code holds} write holds; the caller holds no lock. */
    boolean acquireWriteQueued(Thread me, int holds, boolean interruptible, boolean timed,
            long nanos) throws InterruptedException {
        if (!(timed && nanos <= 0)) {
            checkNotInsideAsyncHold("write lock");
        }
        SlowPath sp = slowPath();
        Waiter node = Waiter.writer(me, holds);
        sp.mutex.lock();
        try {
            markWaiters(admission.gateWhileWriterQueued());
            node.queuedAhead = sp.queue.size();
            sp.queue.add(node);
            revokeBias(); // a waiting writer must see every reader, whoever is served first
            if (admission.writerMayEnter(this, node) && tryTakeWrite(me, holds, false)) {
                sp.queue.remove(node);
                return true;
            }
            if (timed && nanos <= 0) {
                sp.queue.remove(node);
                dispatch();
                return false;
            }
            node.activityMark = admission.preferredActivity(this);
        } finally {
            updateGate();
            unlock(sp);
        }
        return await(node, interruptible, timed, nanos);
    }

    /**
     * Takes the write lock for {@code thread} if nobody holds the lock. Mutex held. Revokes the
     * read bias first and waits for no registered reader (see the class notes).
     */
    private boolean tryTakeWrite(Thread thread, int holds, boolean upgrading) {
        revokeBias();
        for (;;) {
            long s = state;
            if ((s & WRITER) != 0 || readersOf(s) != 0 || registeredReadersRemain()) {
                return false;
            }
            boolean upgrade = (s & UPGRADABLE) != 0;
            if (upgrade && !(upgrading && (thread == null || upgradableOwner == thread))) {
                return false; // the upgradable hold keeps writers out, all but its upgrade
            }
            // an upgrade turns the upgradable hold into the write lock in this one CAS
            if (STATE.compareAndSet(this, s, (s & ~(GATE_MASK | UPGRADABLE)) | WRITER | CLOSED)) {
                if (upgrade) {
                    upgradableOwner = null;
                }
                writeHolds = holds;
                setExclusiveOwnerThread(thread);
                SlowPath sp = slow;
                WRITER_TAKES.setOpaque(sp, sp.writerTakes + 1);
                return true;
            }
        }
    }

    /**
     * Turns the read bias off, if on, and keeps it off for nine times as long as the scan for
     * registered readers took (at least {@link #MIN_INHIBIT_NANOS}). Mutex held.
     */
    private void revokeBias() {
        for (;;) {
            long s = state;
            if ((s & BIAS) == 0) {
                return;
            }
            if (STATE.compareAndSet(this, s, s & ~BIAS)) { // a full fence before the scan
                break;
            }
        }
        long start = System.nanoTime();
        registeredReadersRemain();
        long end = System.nanoTime();
        INHIBITED_UNTIL.setOpaque(slow, end + Math.max(MIN_INHIBIT_NANOS, 9 * (end - start)));
    }

    /**
     * Whether readers registered in {@link VisibleReaders} may still hold the lock: never while
     * SLOTTED is clear; otherwise scans (while the bias is off) and clears SLOTTED if none is
     * left. Mutex held, or WAITERS set, so the bias cannot come back during the scan.
     */
    private boolean registeredReadersRemain() {
        long s = state;
        if ((s & SLOTTED) == 0) {
            return false;
        }
        if ((s & BIAS) != 0
                || VisibleReaders.anyReaderOf(this, admission.visibleReaderSlotsToScan())) {
            return true;
        }
        for (;;) {
            s = state;
            if ((s & BIAS) != 0) {
                return true; // re-enabled meanwhile: readers may register again
            }
            if ((s & SLOTTED) == 0 || STATE.compareAndSet(this, s, s & ~SLOTTED)) {
                return false;
            }
        }
    }

    void releaseWrite() {
        checkWriteOwner("release the write lock");
        int held = writeHolds;
        if (held > 1) {
            writeHolds = held - 1;
            return;
        }
        releaseWriteFully();
    }

    /** Releases every write hold of the calling owner and returns how many there were. */
    int releaseWriteFully() {
        int held = writeHolds;
        writeHolds = 0;
        setExclusiveOwnerThread(null);
        if (STATE.compareAndSet(this, WRITE_LOCKED, 0L)) {
            return held; // the uncontended release
        }
        releaseWriteSlow();
        return held;
    }

    /** Clears the writer bit when readers (a downgrade) or waiters are present. */
    private void releaseWriteSlow() {
        replaceWriter(0L);
    }

    /**
     * Clears WRITER and sets {@code replacement} (nothing, or UPGRADABLE to go back to the
     * upgradable hold) in one CAS; with waiters queued, under the mutex, and serves them.
     */
    private void replaceWriter(long replacement) {
        for (;;) {
            long s = state;
            if ((s & WAITERS) != 0) {
                break;
            }
            // nobody waits: the gate opens (OPEN is 0) for every policy; readers that the
            // writer took (a downgrade) stay counted
            if (STATE.compareAndSet(this, s, (s & ~(WRITER | GATE_MASK)) | replacement)) {
                return;
            }
        }
        SlowPath sp = slowPath();
        sp.mutex.lock();
        try {
            for (;;) {
                long s = state;
                if (STATE.compareAndSet(this, s, (s & ~WRITER) | replacement)) {
                    break;
                }
            }
            dispatch(); // queued readers may enter (beside the upgradable hold, if any)
        } finally {
            updateGate();
            unlock(sp);
        }
    }

    void checkWriteOwner(String action) {
        if (getExclusiveOwnerThread() != Thread.currentThread()) {
            throw new IllegalMonitorStateException(describe() + ": thread "
                    + Thread.currentThread().getName() + " cannot " + action
                    + ": it does not hold the write lock");
        }
    }

    // ------------------------------------------------------------------ upgradable read

    /*
     * The upgradable read lock is the UPGRADABLE bit plus upgradableOwner. It keeps writers and
     * other upgradable requests out (tryTakeWrite and takeUpgradable check the bit) and lets
     * readers in (they never look at it). Its holder upgrades by queueing as a writer (so the
     * policy's gate treats it as a waiting writer) that dispatch() serves before anyone else;
     * tryTakeWrite turns UPGRADABLE into WRITER in one CAS once no reader is left, so no other
     * writer can get in between. Closing the write guard turns WRITER back into UPGRADABLE, in
     * one CAS as well.
     */

    boolean acquireUpgradable(boolean interruptible, boolean timed, long nanos)
            throws InterruptedException {
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        Thread me = Thread.currentThread();
        if (upgradableOwner == me) {
            throw new IllegalStateException(describe() + ": thread " + me.getName()
                    + " already holds the upgradable read lock; it is not reentrant (at most one"
                    + " upgradable hold per lock); nothing changed");
        }
        if (getExclusiveOwnerThread() == me) {
            throw new IllegalStateException(describe() + ": thread " + me.getName()
                    + " holds the write lock and asked for the upgradable read lock; close the"
                    + " upgrade's guard to go back to the upgradable hold; nothing changed");
        }
        long s = state;
        if ((s & (WRITER | UPGRADABLE | WAITERS)) == 0 && readersOf(s) == 0
                && STATE.compareAndSet(this, s, s | UPGRADABLE)) {
            upgradableOwner = me; // nobody counted as a reader: we hold no read hold either
            return true;
        }
        if (readHoldCount() > 0) {
            throw new LockUpgradeException(describe() + ": thread " + me.getName()
                    + " holds the read lock and asked for the upgradable read lock; an upgrade"
                    + " would then wait for its own read hold. Take the upgradable read lock"
                    + " first (its holder may also read); nothing changed");
        }
        if (!(timed && nanos <= 0) && spinForUpgradable(me)) {
            return true;
        }
        return acquireUpgradableQueued(me, interruptible, timed, nanos);
    }

    /**
     * Retries the CAS with back-off for a few park round trips while nobody is queued, as a
     * writer does ({@link #spinForWrite}): an upgradable hold is usually short, and queueing
     * would turn every later release into a hand-off that parks.
     */
    private boolean spinForUpgradable(Thread me) {
        long end = System.nanoTime() + WRITE_SPIN_NANOS;
        int backoff = FIRST_WRITE_BACKOFF;
        for (int i = 0; i < MAX_WRITE_SPINS; i++) {
            long s = state;
            if ((s & WAITERS) != 0) {
                return false; // somebody queued: the policy decides, so queue too
            }
            if ((s & (WRITER | UPGRADABLE)) == 0) {
                if (STATE.compareAndSet(this, s, s | UPGRADABLE)) {
                    upgradableOwner = me;
                    return true;
                }
            } else if (System.nanoTime() - end >= 0) {
                return false;
            }
            backoff = SpinPolicy.backOff(backoff); // as a spinning writer: leave the line alone
        }
        return false;
    }

    private boolean acquireUpgradableQueued(Thread me, boolean interruptible, boolean timed,
            long nanos) throws InterruptedException {
        AsyncHold inside = openAsyncHoldOnThisThread();
        if (inside != null && inside.kind != AsyncHold.Kind.READ && !(timed && nanos <= 0)) {
            throw waitInside(inside, "upgradable read lock"); // only a read hold admits it
        }
        SlowPath sp = slowPath();
        Waiter node = Waiter.upgradable(me);
        sp.mutex.lock();
        try {
            markWaiters(OPEN);
            node.queuedAhead = sp.queue.size();
            sp.queue.add(node);
            if (admission.upgradableMayEnter(this, node) && takeUpgradable(me)) {
                sp.queue.remove(node);
                return true;
            }
            if (timed && nanos <= 0) {
                sp.queue.remove(node);
                dispatch();
                return false;
            }
        } finally {
            updateGate();
            unlock(sp);
        }
        return await(node, interruptible, timed, nanos);
    }

    /** Sets UPGRADABLE for {@code thread} unless a writer or another upgradable holder is in. */
    private boolean takeUpgradable(Thread thread) {
        for (;;) {
            long s = state;
            if ((s & (WRITER | UPGRADABLE)) != 0) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s | UPGRADABLE)) {
                upgradableOwner = thread;
                return true;
            }
        }
    }

    void releaseUpgradable() {
        Thread me = Thread.currentThread();
        if (upgradableOwner != me) {
            throw new IllegalMonitorStateException(describe() + ": thread " + me.getName()
                    + " cannot release the upgradable read lock: it does not hold it");
        }
        upgradableOwner = null;
        clearUpgradable();
    }

    /** Clears UPGRADABLE; with waiters queued, serves them (writers and upgradables may enter). */
    private void clearUpgradable() {
        long before = (long) STATE.getAndBitwiseAnd(this, ~UPGRADABLE);
        if ((before & WAITERS) != 0) {
            SlowPath sp = slowPath();
            sp.mutex.lock();
            try {
                dispatch();
            } finally {
                updateGate();
                unlock(sp);
            }
        }
    }

    /** Turns the caller's upgradable hold into the write lock; false if the time ran out. */
    boolean upgrade(boolean interruptible, boolean timed, long nanos)
            throws InterruptedException {
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        Thread me = Thread.currentThread();
        if (upgradableOwner != me) {
            throw new IllegalMonitorStateException(describe() + ": thread " + me.getName()
                    + " cannot upgrade: it does not hold the upgradable read lock");
        }
        if (readHoldCount() > 0) {
            throw new LockUpgradeException(describe() + ": thread " + me.getName()
                    + " holds plain read holds besides the upgradable read lock; the upgrade"
                    + " would wait for them forever. Release them first; nothing changed");
        }
        if (!admission.atomicUpgrade()) { // the mutant: release, then compete as a writer
            releaseUpgradable();
            return acquireWrite(interruptible, timed, nanos);
        }
        long s = state;
        if ((s & (WRITER | WAITERS | BIAS | SLOTTED)) == 0 && readersOf(s) == 0
                && STATE.compareAndSet(this, s, (s & ~(UPGRADABLE | GATE_MASK)) | WRITER | CLOSED)) {
            upgradableOwner = null;
            setExclusiveOwnerThread(me);
            writeHolds = 1;
            return true;
        }
        return upgradeQueued(me, interruptible, timed, nanos);
    }

    private boolean upgradeQueued(Thread me, boolean interruptible, boolean timed, long nanos)
            throws InterruptedException {
        if (!(timed && nanos <= 0)) {
            checkNotInsideAsyncHold("upgrade to the write lock");
        }
        SlowPath sp = slowPath();
        Waiter node = Waiter.upgrade(me);
        sp.mutex.lock();
        try {
            markWaiters(admission.gateWhileWriterQueued());
            node.queuedAhead = sp.queue.size();
            sp.queue.add(node);
            sp.upgrading = node;
            if (tryTakeWrite(me, 1, true)) { // revokes the bias, looks for registered readers
                dequeue(node);
                return true;
            }
            if (timed && nanos <= 0) {
                dequeue(node);
                dispatch();
                return false;
            }
            node.activityMark = admission.preferredActivity(this);
        } finally {
            updateGate();
            unlock(sp);
        }
        return await(node, interruptible, timed, nanos); // a timeout keeps the upgradable hold
    }

    /** Turns the caller's only write hold back into the upgradable read lock, in one CAS. */
    void downgradeToUpgradable() {
        checkWriteOwner("go back to the upgradable read lock");
        Thread me = Thread.currentThread();
        if (writeHolds > 1) {
            throw new IllegalStateException(describe() + ": thread " + me.getName()
                    + " holds the write lock " + writeHolds + " times; release the reentrant"
                    + " holds before closing the upgrade's guard; nothing changed");
        }
        writeHolds = 0;
        setExclusiveOwnerThread(null);
        upgradableOwner = me; // while WRITER is set nobody else can hold or take it
        replaceWriter(UPGRADABLE);
    }

    boolean isUpgradableLocked() {
        return (state & UPGRADABLE) != 0;
    }

    boolean isUpgradableLockedByCurrentThread() {
        return upgradableOwner == Thread.currentThread();
    }

    Thread upgradableOwner() {
        return upgradableOwner;
    }

    int queuedUpgradables() {
        SlowPath sp = slow;
        return sp == null ? 0 : sp.queue.upgradables();
    }

    // ------------------------------------------------------------------ asynchronous acquisition

    /*
     * An asynchronous hold belongs to its handle (an AsyncHold), not to a thread: an async read
     * hold is one more reader counted in the state word, with no per-thread record; an async
     * write hold is WRITER with no exclusive owner thread. Neither is reentrant, and no thread's
     * hold counts include them. A request that cannot enter at once joins the same queue as
     * waiting threads, as a Waiter without a thread; the policy treats it as any other waiter,
     * except that it is granted instead of woken to compete (wake()). Grants happen under the
     * mutex and are completed after it is released (unlock()). Grant and abandonment meet under
     * the mutex: a request is either granted (status GRANTED, the deliverer then finds out
     * whether its future took the handle, and releases the hold if not) or removed by
     * abandon() -- never both.
     */

    /** Acquires a read hold ({@code write == false}) or the write lock for a new handle. */
    CompletableFuture<Guard> acquireAsync(boolean write, Executor executor) {
        AsyncRequest<Guard> request = AsyncRequest.of(
                new AsyncHold(this, write ? AsyncHold.Kind.WRITE : AsyncHold.Kind.READ), executor);
        if (write ? state == 0L && STATE.compareAndSet(this, 0L, WRITE_LOCKED) : addAsyncReader()) {
            request.completeNow();
            return request;
        }
        if (write) {
            queueAsync(request, Waiter.async(request, Waiter.WRITE),
                    admission.gateWhileWriterQueued(), false, node -> {
                        revokeBias(); // a waiting writer must see every reader (see above)
                        return admission.writerMayEnter(this, node)
                                && tryTakeWrite(null, 1, false);
                    });
        } else {
            queueAsync(request, Waiter.async(request, Waiter.READ), OPEN, false,
                    node -> (state & WRITER) == 0 && admission.readerMayEnter(this, node)
                            && grantReader());
        }
        return request;
    }

    /**
     * Queues the asynchronous request {@code node} (narrowing the gate to {@code gate}, as the
     * blocking form does), lets it enter at once if {@code enter} succeeds under the mutex, and
     * then completes the request or registers it for withdrawal.
     */
    private void queueAsync(AsyncRequest<?> request, Waiter node, int gate, boolean upgrade,
            Predicate<Waiter> enter) {
        SlowPath sp = slowPath();
        boolean entered;
        sp.mutex.lock();
        try {
            markWaiters(gate);
            node.queuedAhead = sp.queue.size();
            sp.queue.add(node);
            if (upgrade) {
                sp.upgrading = node;
            }
            entered = enter.test(node);
            if (entered) {
                dequeue(node);
            } else {
                node.activityMark = admission.preferredActivity(this);
            }
        } finally {
            updateGate();
            unlock(sp);
        }
        if (entered) {
            request.completeNow();
        } else {
            request.queuedAs(node);
        }
    }

    /** A reader without a thread record enters if the gate lets readers in on the fast path. */
    private boolean addAsyncReader() {
        for (;;) {
            long s = state;
            if (gateOf(s) == CLOSED || (s & WRITER) != 0) {
                return false;
            }
            if (STATE.compareAndSet(this, s, s + ONE_READER)) {
                return true;
            }
        }
    }

    /**
     * The future of a queued request completed, however: if the request was not granted, it
     * leaves the queue and whoever it held back is served (true); if it was, its deliverer
     * handles it (false).
     */
    boolean abandon(Waiter node) {
        if (node.status == Waiter.GRANTED) {
            return false;
        }
        SlowPath sp = slow;
        sp.mutex.lock();
        try {
            if (node.status == Waiter.GRANTED) {
                return false;
            }
            dequeue(node);
            dispatch();
            return true;
        } finally {
            updateGate();
            unlock(sp);
        }
    }

    /** Acquires the upgradable read lock for a new handle (see {@link AsyncUpgradableGuard}). */
    CompletableFuture<AsyncUpgradableGuard> acquireUpgradableAsync(Executor executor) {
        AsyncUpgradableGuard guard = new AsyncUpgradableGuard(this);
        AsyncRequest<AsyncUpgradableGuard> request =
                new AsyncRequest<>(guard, guard.hold(), executor);
        long s = state;
        if ((s & (WRITER | UPGRADABLE | WAITERS)) == 0
                && STATE.compareAndSet(this, s, s | UPGRADABLE)) {
            request.completeNow(); // nobody queued: every policy lets it in beside readers
            return request;
        }
        queueAsync(request, Waiter.async(request, Waiter.UPGRADABLE), OPEN, false,
                node -> admission.upgradableMayEnter(this, node) && takeUpgradable(null));
        return request;
    }

    /**
     * Turns an asynchronous upgradable hold into the write lock for a new handle, once no plain
     * reader is left; served before anyone else, as a thread's upgrade.
     */
    CompletableFuture<Guard> upgradeAsync(AsyncUpgradableGuard guard, Executor executor) {
        AsyncRequest<Guard> request = AsyncRequest.of(
                new AsyncHold(this, AsyncHold.Kind.UPGRADED, guard), executor);
        long s = state;
        if ((s & (WRITER | WAITERS | BIAS | SLOTTED)) == 0 && readersOf(s) == 0
                && STATE.compareAndSet(this, s, (s & ~(UPGRADABLE | GATE_MASK)) | WRITER | CLOSED)) {
            writeHolds = 1;
            request.completeNow();
            return request;
        }
        queueAsync(request, Waiter.async(request, Waiter.UPGRADE),
                admission.gateWhileWriterQueued(), true, node -> tryTakeWrite(null, 1, true));
        return request;
    }

    /** Releases an asynchronous upgradable hold (its guard was closed). */
    void releaseAsyncUpgradable() {
        clearUpgradable();
    }

    /** Turns an asynchronous upgrade's write hold back into the upgradable hold, in one CAS. */
    void asyncUpgradeBackToUpgradable() {
        writeHolds = 0;
        replaceWriter(UPGRADABLE); // upgradableOwner stays null: the handle holds it
    }

    /** Whether a grant nobody can claim any more is released again (see Admission). */
    boolean releasesUnclaimedGrants() {
        return admission.releasesUnclaimedGrants();
    }

    /** Releases an asynchronous read hold (its handle was closed). */
    void releaseAsyncRead() {
        releaseCounted();
    }

    /** Releases an asynchronous write hold (its handle was closed). */
    void releaseAsyncWrite() {
        writeHolds = 0;
        if (!STATE.compareAndSet(this, WRITE_LOCKED, 0L)) {
            releaseWriteSlow();
        }
    }

    /**
     * Fails instead of waiting forever when the calling thread is completing an asynchronous
     * hold of this lock that is still open: the hold it is inside would never be released.
     */
    private void checkNotInsideAsyncHold(String request) {
        AsyncHold inside = openAsyncHoldOnThisThread();
        if (inside != null) {
            throw waitInside(inside, request);
        }
    }

    /** The open asynchronous hold of this lock the calling thread is completing, or null. */
    private AsyncHold openAsyncHoldOnThisThread() {
        AsyncHold inside = AsyncRequest.deliveringOnThisThread();
        return inside != null && inside.engine == this && inside.isOpen() ? inside : null;
    }

    private IllegalStateException waitInside(AsyncHold inside, String request) {
        return new IllegalStateException(describe() + ": thread "
                + Thread.currentThread().getName() + " asked to wait for the " + request
                + " inside the completion of its " + inside.mode() + " hold, which would then"
                + " never be released; continue asynchronously, or close that hold first;"
                + " nothing changed");
    }

    // ------------------------------------------------------------------ waiting

    /** Waits in the queue (see {@link #awaitTurn}), counted in the lock's contention record. */
    private boolean await(Waiter node, boolean interruptible, boolean timed, long nanos)
            throws InterruptedException {
        Completions.runPendingBeforeBlocking();
        ContendedWait wait = slow.stats.begin(node.mode(), node.queuedAhead);
        try {
            return wait.end(awaitTurn(node, interruptible, timed, nanos));
        } catch (InterruptedException e) {
            wait.end(WaitOutcome.INTERRUPTED);
            throw e;
        }
    }

    private boolean awaitTurn(Waiter node, boolean interruptible, boolean timed, long nanos)
            throws InterruptedException {
        final long deadline = timed ? Timeouts.deadlineAfter(nanos) : 0L;
        boolean interrupted = false;
        long spinEnd = spinEnd(timed, deadline);
        int spins = 0;
        for (;;) {
            int status = node.status;
            if (status == Waiter.GRANTED) {
                break;
            }
            if (status == Waiter.RETRY) {
                if (admission.yieldsWhenWoken(node)) {
                    yieldToPreferredSide(node, timed, deadline);
                }
                if (retry(node)) {
                    break;
                }
                spinEnd = spinEnd(timed, deadline);
                spins = 0;
                continue;
            }
            if (spins >= 0 && SpinPolicy.spinUntil(spinEnd, spins++)) {
                continue;
            }
            spins = -1; // spin once per wait, not after every spurious wake-up
            long remaining = 0L;
            if (timed && (remaining = deadline - System.nanoTime()) <= 0L) {
                if (cancel(node)) {
                    break;
                }
                return false;
            }
            node.parked = true;
            if (node.status == Waiter.WAITING) {
                if (timed) {
                    LockSupport.parkNanos(this, remaining);
                } else {
                    LockSupport.park(this);
                }
            }
            node.parked = false;
            if (Thread.interrupted()) {
                interrupted = true;
                if (interruptible) {
                    if (cancel(node)) {
                        break; // granted before we noticed: we own it, keep the interrupt
                    }
                    throw new InterruptedException();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return true;
    }

    /**
     * A waiter of the disfavoured side was woken to compete. If the side the policy prefers used
     * the lock since this waiter arrived, it first lets that side keep the lock: it waits until
     * that side has been idle for a short window ({@link SpinPolicy#YIELD_NANOS}, long enough for
     * a thread that just released to acquire again), parking briefly between windows while the
     * preferred side stays busy. That is what a preference means when both sides saturate the
     * lock; with nobody of the preferred side around it costs nothing. It returns early on
     * timeout or interrupt; the retry that follows happens under the mutex in every case, so no
     * release is missed.
     */
    private void yieldToPreferredSide(Waiter node, boolean timed, long deadline) {
        if (admission.preferredActivity(this) == node.activityMark) {
            return;
        }
        for (;;) {
            long before = admission.preferredActivity(this);
            long end = System.nanoTime() + SpinPolicy.YIELD_NANOS;
            for (int i = 0; SpinPolicy.spinUntil(end, i); i++) {
                // no shared reads while waiting out the window: a loop that only watches a value
                // would look like a livelock to a model checker, where time does not pass
            }
            boolean idle = admission.preferredActivity(this) == before;
            if (idle || Thread.currentThread().isInterrupted()
                    || (timed && deadline - System.nanoTime() <= 0)) {
                return;
            }
            LockSupport.parkNanos(this, timed
                    ? Math.min(SpinPolicy.YIELD_PARK_NANOS, deadline - System.nanoTime())
                    : SpinPolicy.YIELD_PARK_NANOS);
        }
    }

    private static long spinEnd(boolean timed, long deadline) {
        long end = System.nanoTime() + SpinPolicy.SPIN_NANOS;
        return timed && deadline - end < 0 ? deadline : end;
    }

    /** A woken waiter competes again; true when it got the lock. */
    private boolean retry(Waiter node) {
        SlowPath sp = slow;
        sp.mutex.lock();
        try {
            if (node.status == Waiter.GRANTED) {
                return true;
            }
            node.status = Waiter.WAITING;
            boolean entered;
            if (node.isWriter()) {
                entered = (node.isUpgrade() || admission.writerMayEnter(this, node))
                        && tryTakeWrite(node.thread, node.writeHolds, node.isUpgrade());
            } else if (node.isUpgradable()) {
                entered = admission.upgradableMayEnter(this, node)
                        && takeUpgradable(node.thread);
            } else {
                entered = readerMayEnter(node, node.thread) && grantReader();
            }
            if (entered) {
                dequeue(node);
            } else {
                node.activityMark = admission.preferredActivity(this);
            }
            return entered;
        } finally {
            updateGate();
            unlock(sp);
        }
    }

    /** Leaves the queue after a timeout or interrupt; true if the lock was granted meanwhile. */
    private boolean cancel(Waiter node) {
        SlowPath sp = slow;
        sp.mutex.lock();
        try {
            if (node.status == Waiter.GRANTED) {
                return true;
            }
            dequeue(node);
            dispatch(); // wake whoever this waiter was holding back
            return false;
        } finally {
            updateGate();
            unlock(sp);
        }
    }

    // ------------------------------------------------------------------ serving (mutex held)

    private void dispatch() {
        if ((state & WRITER) != 0) {
            return;
        }
        Waiter upgrade = slow.upgrading;
        if (upgrade != null && tryTakeWrite(upgrade.thread, 1, true)) {
            dequeue(upgrade); // the upgrade goes first: every other writer waits for it anyway
            signal(upgrade, Waiter.GRANTED);
            return;
        }
        boolean upgradableFirst = admission.upgradableBeforeWriters();
        if (upgradableFirst && slow.queue.upgradables() > 0 && (state & UPGRADABLE) == 0) {
            grantFirstUpgradable(); // reader preference: before any writer
        }
        admission.dispatch(this);
        if (!upgradableFirst && (state & (WRITER | UPGRADABLE)) == 0
                && slow.queue.upgradables() > 0) {
            grantFirstUpgradable();
        }
    }

    /** Removes a waiter that is leaving the queue (granted, entered or given up). Mutex held. */
    private void dequeue(Waiter w) {
        SlowPath sp = slow;
        sp.queue.remove(w);
        if (sp.upgrading == w) {
            sp.upgrading = null;
        }
    }

    /** Grants the upgradable read lock to the first queued request the policy lets in. */
    private void grantFirstUpgradable() {
        for (Waiter w = slow.queue.head(); w != null; w = w.next) {
            if (w.isUpgradable()) {
                if (w.status == Waiter.WAITING && admission.upgradableMayEnter(this, w)
                        && takeUpgradable(w.thread)) {
                    dequeue(w);
                    signal(w, Waiter.GRANTED);
                }
                return; // the next one waits for this one's hold anyway
            }
        }
    }

    /**
     * Sets WAITERS, and narrows the gate to at least {@code gate}, before a waiter joins the
     * queue (mutex held): whoever sees the waiter queued also finds the state word saying so.
     */
    private void markWaiters(int gate) {
        for (;;) {
            long s = state;
            long next = gateOf(s) >= gate ? s | WAITERS : (s & ~GATE_MASK) | gate | WAITERS;
            if (next == s || STATE.compareAndSet(this, s, next)) {
                return;
            }
        }
    }

    /**
     * Recomputes the gate and WAITERS at the end of a critical section of the mutex. A CAS,
     * because fast paths change the counts meanwhile; opening the gate thus also publishes, with
     * release semantics, everything the last writer wrote.
     */
    private void updateGate() {
        SlowPath sp = slow;
        for (;;) {
            long s = state;
            long next = (s & ~(GATE_MASK | WAITERS)) | admission.gate(this)
                    | (sp.queue.isEmpty() ? 0L : WAITERS);
            if (next == s || STATE.compareAndSet(this, s, next)) {
                return;
            }
        }
    }

    private SlowPath slowPath() {
        SlowPath sp = slow;
        if (sp == null) {
            sp = newSlowPath(null); // a named lock has one from the start
            if (!SLOW.compareAndSet(this, null, sp)) {
                sp = slow;
            }
        }
        return sp;
    }

    private SlowPath newSlowPath(String name) {
        return new SlowPath(name, new WaitStats("ReadersWritersLock", name, policy().name(), owner));
    }

    WaitQueue queue() {
        return slow.queue;
    }

    long writerTakes() {
        SlowPath sp = slow;
        return sp == null ? 0L : (long) WRITER_TAKES.getOpaque(sp);
    }

    long slowReaderReleases() {
        SlowPath sp = slow;
        return sp == null ? 0L : (long) SLOW_READER_RELEASES.getOpaque(sp);
    }

    /** Whether no thread holds the read lock, registered readers included. Mutex held. */
    boolean noActiveReaders() {
        return readersOf(state) == 0 && !registeredReadersRemain();
    }

    void tryGrantWrite(Waiter w) {
        if (tryTakeWrite(w.thread, w.writeHolds, w.isUpgrade())) {
            dequeue(w);
            signal(w, Waiter.GRANTED);
        }
    }

    /** Grants every queued reader (upgradable requests are served by {@link #dispatch()}). */
    void grantAllQueuedReaders() {
        Waiter w = slow.queue.head();
        while (w != null) {
            Waiter next = w.next;
            if (w.isReader() && !grantRead(w)) {
                return;
            }
            w = next;
        }
    }

    /** Grants the readers queued before the first writer (upgradable requests are skipped). */
    void grantLeadingReaders() {
        Waiter w = slow.queue.head();
        while (w != null && !w.isWriter()) {
            Waiter next = w.next;
            if (w.isReader() && !grantRead(w)) {
                return;
            }
            w = next;
        }
    }

    void wakeAllQueuedReaders() {
        Waiter w = slow.queue.head();
        while (w != null) {
            Waiter next = w.next;
            if (w.isReader() && w.status == Waiter.WAITING) {
                wake(w);
            }
            w = next;
        }
    }

    /**
     * Wakes a waiting thread to compete again. An asynchronous request has no thread to compete:
     * it is granted on the spot if it can enter now (it does not yield to the preferred side).
     */
    void wake(Waiter w) {
        if (w.async == null) {
            signal(w, Waiter.RETRY);
        } else if (w.isWriter()) {
            tryGrantWrite(w);
        } else if (w.isReader()) {
            grantRead(w);
        }
    }

    private boolean grantRead(Waiter w) {
        if (!grantReader()) {
            return false;
        }
        dequeue(w);
        signal(w, Waiter.GRANTED);
        return true;
    }

    private void signal(Waiter w, int status) {
        w.status = status;
        if (w.async != null) {
            slow.granted.add(w.async); // only ever GRANTED: see wake()
            return;
        }
        if (w.parked) {
            LockSupport.unpark(w.thread);
        }
    }

    // ------------------------------------------------------------------ introspection

    ReadersWritersPolicy policy() {
        return admission.policy();
    }

    boolean isWriteLocked() {
        return (state & WRITER) != 0;
    }

    boolean isWriteLockedByCurrentThread() {
        return getExclusiveOwnerThread() == Thread.currentThread();
    }

    /** The write holder: exact for the calling thread, a snapshot for others. */
    Thread writer() {
        return (state & WRITER) == 0 ? null : getExclusiveOwnerThread();
    }

    private Thread writerOwner() {
        return getExclusiveOwnerThread();
    }

    int writeHoldCount() {
        return getExclusiveOwnerThread() == Thread.currentThread() ? writeHolds : 0;
    }

    /** The overflow thread-local of {@link ReadHolds}, created on first need. */
    ThreadLocal<ReadHolds.Hold> overflowHolds() {
        ThreadLocal<ReadHolds.Hold> holds = overflowHolds;
        if (holds == null) {
            holds = new ThreadLocal<>();
            if (!OVERFLOW_HOLDS.compareAndSet(this, null, holds)) {
                holds = overflowHolds;
            }
        }
        return holds;
    }

    ThreadLocal<ReadHolds.Hold> overflowHoldsIfAny() {
        return overflowHolds;
    }

    int readLockCount() {
        return (int) Math.min(Integer.MAX_VALUE, readersOf(state) + VisibleReaders.holdsOf(this));
    }

    int readHoldCount() {
        Thread me = Thread.currentThread();
        int n = firstReader == me ? firstReaderHolds : 0;
        ReadHolds.Hold hold = ReadHolds.ofCurrentThread().find(this);
        return hold == null ? n : n + hold.count;
    }

    int queuedReaders() {
        SlowPath sp = slow;
        return sp == null ? 0 : sp.queue.readers();
    }

    int queuedWriters() {
        SlowPath sp = slow;
        return sp == null ? 0 : sp.queue.writers();
    }

    ReentrantLock mutex() {
        return slowPath().mutex;
    }

    /** The lock's class and identity hash, as in {@link Object#toString()}. */
    String identity() {
        return Names.identity("ReadersWritersLock", name(), owner);
    }

    String name() {
        SlowPath sp = slow;
        return sp == null ? null : sp.name;
    }

    WaitStats stats() {
        return slowPath().stats;
    }

    /**
     * What a thread parked on this engine waits for, as thread dumps and {@link
     * LockSupport#getBlocker} show it: the lock, its policy, its holders and its queue.
     */
    @Override
    public String toString() {
        Thread w = writer();
        Thread u = upgradableOwner;
        return identity() + "[" + policy() + ", readers=" + readLockCount() + readerNames()
                + ", writer=" + (w != null ? w.getName() : isWriteLocked() ? "async" : "none")
                + (u != null ? ", upgradable=" + u.getName()
                        : isUpgradableLocked() ? ", upgradable=async" : "") + ", queued readers="
                + queuedReaders() + ", queued writers=" + queuedWriters()
                + (queuedUpgradables() == 0 ? "" : ", queued upgradable=" + queuedUpgradables())
                + "]";
    }

    /** The tracked read holders' names, e.g. {@code " (t1, t2)"}; empty when not tracked. */
    private String readerNames() {
        if (readHolders == null) {
            return "";
        }
        StringBuilder names = new StringBuilder(" (");
        for (Thread t : readHolders.snapshot().keySet()) {
            names.append(names.length() > 2 ? ", " : "").append(t.getName());
        }
        return names.append(')').toString();
    }

    /**
     * For the deadlock detector: the request of {@code waiter} if it is queued here and not yet
     * granted. A write request waits for the writer and every read holder; a read request for
     * the writer. Waiting behind queued writers (fair and writer-preference order) is not
     * modelled, so such a wait never makes a deadlock report, only a real hold does.
     */
    @Override
    public WaitSnapshot waitOf(Thread waiter) {
        SlowPath sp = slow;
        if (sp == null) {
            return null;
        }
        sp.mutex.lock();
        try {
            for (Waiter w = sp.queue.head(); w != null; w = w.next) {
                if (w.thread == waiter && w.status != Waiter.GRANTED) {
                    Map<Thread, Integer> readers =
                            readHolders == null ? Map.of() : readHolders.snapshot();
                    return new RwWait(w, getExclusiveOwnerThread(), upgradableOwner, readers,
                            readHolders != null);
                }
            }
            return null;
        } finally {
            unlock(sp);
        }
    }

    /** A queued request and the holders of the lock at the same moment. */
    private final class RwWait implements WaitSnapshot {
        private final Waiter request;
        private final Thread writer;
        private final Thread upgradable;
        private final Map<Thread, Integer> readers;
        private final boolean readersKnown;

        RwWait(Waiter request, Thread writer, Thread upgradable, Map<Thread, Integer> readers,
                boolean readersKnown) {
            this.request = request;
            this.writer = writer;
            this.upgradable = upgradable;
            this.readers = readers;
            this.readersKnown = readersKnown;
        }

        @Override
        public Object target() {
            return RwEngine.this;
        }

        @Override
        public Object queuedRequest() {
            return request;
        }

        @Override
        public String request() {
            String what = request.isUpgrade() ? "upgrade to the write lock"
                    : request.mode() + " lock";
            return what + " of " + identity() + " ["
                    + policy() + (readersKnown ? "" : ", read holders not tracked") + "]";
        }

        @Override
        public Set<Thread> blockers() {
            Set<Thread> blockers = new HashSet<>();
            if (writer != null) {
                blockers.add(writer);
            }
            if (request.isWriter()) {
                blockers.addAll(readers.keySet()); // a writer or the upgrade waits for readers
            }
            if (upgradable != null && !request.isReader()) {
                blockers.add(upgradable); // and writers and upgradable requests for its holder
            }
            blockers.remove(request.thread);
            return blockers;
        }

        @Override
        public boolean grantableUnless(Set<Thread> stuck) {
            for (Thread t : blockers()) {
                if (stuck.contains(t)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public WaitSnapshot commonTo(WaitSnapshot later) {
            RwWait other = (RwWait) later;
            return new RwWait(request, writer == other.writer ? writer : null,
                    upgradable == other.upgradable ? upgradable : null,
                    WaitSnapshot.heldInBoth(readers, other.readers), readersKnown);
        }

        @Override
        public String holdingOf(Thread holder) {
            if (holder == writer) {
                return "write lock of " + identity();
            }
            if (holder == upgradable) {
                return "upgradable read lock of " + identity();
            }
            Integer holds = readers.get(holder);
            return holds == null ? null : "read lock of " + identity() + " (" + holds
                    + (holds == 1 ? " hold)" : " holds)");
        }
    }

    /** Names the lock and its policy, for exception messages. */
    String describe() {
        return identity() + "[" + policy() + "]";
    }

    static int gateOf(long s) {
        return (int) (s & GATE_MASK);
    }

    static long readersOf(long s) {
        return s >>> READER_SHIFT;
    }

    private int incremented(int holds, String mode) {
        if (holds == Integer.MAX_VALUE) {
            throw new IllegalStateException(describe() + ": thread "
                    + Thread.currentThread().getName() + " would exceed the maximum " + mode
                    + " hold count (" + Integer.MAX_VALUE + ")");
        }
        return holds + 1;
    }

    /**
     * Test seam: sets the calling thread's hold counts, to test overflow without 2^31 calls.
     * Read holds are moved to a counted per-thread hold and the state word adjusted to match.
     */
    void setHoldCountsForTest(int readHolds, int writeHoldsIfOwner) {
        if (readHolds >= 0) {
            int before;
            if (firstReader == Thread.currentThread()) {
                before = firstReaderHolds;
                firstReaderHolds = readHolds;
                if (readHolds == 0) {
                    firstReader = null;
                }
            } else {
                ReadHolds mine = ReadHolds.ofCurrentThread();
                ReadHolds.Hold hold = mine.find(this);
                if (hold != null && hold.slot >= 0) {
                    throw new IllegalStateException("test seam: not for a registered reader");
                }
                if (hold == null) {
                    hold = mine.add(this, -1);
                    hold.count = 0;
                }
                before = hold.count;
                hold.count = readHolds;
                if (readHolds == 0) {
                    mine.remove(this, hold);
                }
            }
            STATE.getAndAdd(this, (long) (readHolds - before) * ONE_READER);
        }
        if (getExclusiveOwnerThread() == Thread.currentThread() && writeHoldsIfOwner > 0) {
            writeHolds = writeHoldsIfOwner;
        }
    }

    private static final java.lang.invoke.VarHandle STATE;
    private static final java.lang.invoke.VarHandle SLOW;
    private static final java.lang.invoke.VarHandle OVERFLOW_HOLDS;
    private static final java.lang.invoke.VarHandle INHIBITED_UNTIL;
    private static final java.lang.invoke.VarHandle WRITER_TAKES;
    private static final java.lang.invoke.VarHandle SLOW_READER_RELEASES;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
            STATE = lookup.findVarHandle(RwEngine.class, "state", long.class);
            SLOW = lookup.findVarHandle(RwEngine.class, "slow", SlowPath.class);
            OVERFLOW_HOLDS = lookup.findVarHandle(RwEngine.class, "overflowHolds",
                    ThreadLocal.class);
            INHIBITED_UNTIL = lookup.findVarHandle(SlowPath.class, "biasInhibitedUntil",
                    long.class);
            WRITER_TAKES = lookup.findVarHandle(SlowPath.class, "writerTakes", long.class);
            SLOW_READER_RELEASES =
                    lookup.findVarHandle(SlowPath.class, "slowReaderReleases", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
