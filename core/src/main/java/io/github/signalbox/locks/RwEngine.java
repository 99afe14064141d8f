package io.github.signalbox.locks;

import io.github.signalbox.internal.SpinPolicy;
import io.github.signalbox.internal.Timeouts;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The state machine behind a {@link ReadersWritersLock}.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>Readers.</b> Each thread counts its read holds in its own {@link ReaderSlot} (a
 * distributed reader indicator, in the spirit of BRAVO and of per-thread "scalable" RW locks): a
 * read acquisition on the fast path writes only the reader's own slot and reads the shared
 * {@link #gate}, so readers never write a cache line they share with each other. The gate says
 * whether newly arriving readers may take the fast path ({@link #OPEN}, {@link #NOTIFY}) or must
 * go through the mutex ({@link #CLOSED}); {@link #NOTIFY} additionally asks every reader that
 * drops its last hold to call {@link #dispatch()}, because somebody waits for readers to leave.
 *
 * <p><b>Readers against writers (Dekker).</b> A fast-path reader stores {@code holds = 1} and then
 * loads the gate; a writer stores {@code gate = CLOSED} and then loads every slot. Both are
 * volatile, so at least one of the two sees the other: either the reader sees the gate closed and
 * backs off, or the writer sees the reader and does not take the lock. Likewise a reader that
 * drops its last hold stores {@code holds = 0} and then loads the gate, so a writer that saw the
 * hold is sure to be dispatched by that reader. To keep that promise a writer that fails its scan
 * leaves the gate closed until it is queued; the gate is recomputed at the end of every critical
 * section of the mutex ({@link #updateGate()}) and is written nowhere else.
 *
 * <p><b>Everything else</b> happens under {@link #mutex}, a plain {@link ReentrantLock} held only
 * for a few field updates (never while parked): writer acquisition, the {@link WaitQueue}, and the
 * policy decisions of {@link Admission}. Writers are therefore exclusive with each other and with
 * slow-path readers by the mutex alone.
 *
 * <p><b>Waiting.</b> A releasing thread either grants the lock to a waiter (installs it as owner
 * and dequeues it) or wakes it to compete again (see {@link Admission}). Granted kinds of waiters
 * spin for about one park round trip ({@link SpinPolicy}) before parking, so a hand-off rarely
 * costs a park. Woken kinds (the side a preference policy disfavours) park at once and, when
 * woken, first wait until the preferred side has left the lock alone for a short window
 * ({@link #yieldToPreferredSide}); otherwise a preferred thread that releases and re-acquires in
 * a loop would lose the lock to them half of the time. A waiter that times out or is
 * interrupted takes the mutex: if it was granted meanwhile it simply owns the lock, otherwise it
 * leaves the queue and dispatches, so nobody it was holding back keeps waiting. Blocking only ever
 * parks through {@link LockSupport}, so virtual threads unmount while they wait.
 */
final class RwEngine {

    /** Gate: readers may enter on the fast path; leaving readers need not look. */
    static final int OPEN = 0;
    /** Gate: readers may enter on the fast path; a reader dropping its last hold dispatches. */
    static final int NOTIFY = 1;
    /** Gate: readers must take the mutex; a reader dropping its last hold dispatches. */
    static final int CLOSED = 2;

    final WaitQueue queue = new WaitQueue();
    private final ReaderRegistry readers = new ReaderRegistry();
    private final ReentrantLock mutex = new ReentrantLock();
    private final Admission admission;
    private final Object owner;

    private volatile int gate = OPEN;
    /**
     * Write acquisitions so far, and read releases that went through the mutex: activity
     * counters written under the mutex and only watched for change by waiters outside it (see
     * {@link #yieldToPreferredSide}), so they are read and written opaquely, without fences.
     */
    private long writerTakes;
    private long slowReaderReleases;
    /**
     * The thread holding the write lock. Written under the mutex with release semantics (the
     * fast-path readers never read it; the mutex orders it for everyone else); read with acquire
     * semantics.
     */
    private Thread writer;
    /** Write holds of {@link #writer}; written by the owner, or by a granter before {@code writer}. */
    private int writeHolds;

    RwEngine(Admission admission, Object owner) {
        this.admission = admission;
        this.owner = owner;
    }

    // ------------------------------------------------------------------ read side

    boolean acquireRead(boolean interruptible, boolean timed, long nanos)
            throws InterruptedException {
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        ReaderSlot slot = readers.current();
        int held = slot.holds;
        if (held > 0) {
            // reentrant: always admitted, whatever waits, so a reader never deadlocks itself
            slot.holds = incremented(held, "read");
            return true;
        }
        boolean backedOff = false;
        if (gate != CLOSED) {
            slot.publishHolds(1);
            if (gate != CLOSED) {
                return true;
            }
            slot.holds = 0;
            backedOff = true;
        }
        return acquireReadSlow(slot, backedOff, interruptible, timed, nanos);
    }

    private boolean acquireReadSlow(ReaderSlot slot, boolean backedOff, boolean interruptible,
            boolean timed, long nanos) throws InterruptedException {
        Waiter node;
        mutex.lock();
        try {
            if (backedOff) {
                dispatch(); // a writer may have seen our transient hold and given up
            }
            if (readerMayEnter(null, slot.owner)) {
                slot.holds = 1;
                return true;
            }
            if (timed && nanos <= 0) {
                return false;
            }
            node = Waiter.reader(slot);
            queue.add(node);
        } finally {
            updateGate();
            mutex.unlock();
        }
        return await(node, interruptible, timed, nanos);
    }

    private boolean readerMayEnter(Waiter self, Thread reader) {
        Thread w = writer();
        return w == null ? admission.readerMayEnter(this, self) : w == reader;
    }

    void releaseRead() {
        ReaderSlot slot = readers.currentIfPresent();
        int held;
        if (slot == null || (held = slot.holds) == 0) {
            throw new IllegalMonitorStateException(
                    describe() + ": thread " + Thread.currentThread().getName()
                    + " cannot release the read lock: it does not hold it");
        }
        if (held > 1) {
            slot.holds = held - 1;
            return;
        }
        slot.publishHolds(0);
        if (gate != OPEN) {
            mutex.lock();
            try {
                SLOW_READER_RELEASES.setOpaque(this, slowReaderReleases + 1);
                dispatch();
            } finally {
                updateGate();
                mutex.unlock();
            }
        }
    }

    // ------------------------------------------------------------------ write side

    boolean acquireWrite(boolean interruptible, boolean timed, long nanos)
            throws InterruptedException {
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        Thread me = Thread.currentThread();
        if (writer() == me) {
            writeHolds = incremented(writeHolds, "write");
            return true;
        }
        ReaderSlot slot = readers.currentIfPresent();
        if (slot != null && slot.holds > 0) {
            throw new LockUpgradeException(describe() + ": thread " + me.getName()
                    + " holds only the read lock and asked for the write lock; that would wait"
                    + " for itself forever. Release the read lock first, then re-check after"
                    + " acquiring the write lock");
        }
        return acquireWriteQueued(me, 1, interruptible, timed, nanos);
    }

    /** Acquires the write lock with {@code holds} write holds; the caller holds no lock. */
    boolean acquireWriteQueued(Thread me, int holds, boolean interruptible, boolean timed,
            long nanos) throws InterruptedException {
        Waiter node;
        mutex.lock();
        try {
            if (admission.writerMayEnter(this, null) && tryTakeWrite(me, holds)) {
                return true;
            }
            if (timed && nanos <= 0) {
                return false;
            }
            node = Waiter.writer(me, holds);
            queue.add(node);
        } finally {
            updateGate();
            mutex.unlock();
        }
        return await(node, interruptible, timed, nanos);
    }

    /**
     * Takes the write lock for {@code thread} if nobody holds the lock. Mutex held. Closes the gate
     * before scanning the readers and leaves it closed on failure (see the class notes).
     */
    private boolean tryTakeWrite(Thread thread, int holds) {
        if (writer() != null) {
            return false;
        }
        GATE.getAndSet(this, CLOSED); // a full fence before the scan (Dekker, see class notes)
        if (!readers.noneActive()) {
            return false;
        }
        writeHolds = holds;
        WRITER.setRelease(this, thread);
        WRITER_TAKES.setOpaque(this, writerTakes + 1);
        return true;
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
        mutex.lock();
        try {
            writeHolds = 0;
            WRITER.setRelease(this, null);
            dispatch();
        } finally {
            updateGate();
            mutex.unlock();
        }
        return held;
    }

    void checkWriteOwner(String action) {
        if (writer() != Thread.currentThread()) {
            throw new IllegalMonitorStateException(describe() + ": thread "
                    + Thread.currentThread().getName() + " cannot " + action
                    + ": it does not hold the write lock");
        }
    }

    // ------------------------------------------------------------------ waiting

    private boolean await(Waiter node, boolean interruptible, boolean timed, long nanos)
            throws InterruptedException {
        final long deadline = timed ? Timeouts.deadlineAfter(nanos) : 0L;
        boolean interrupted = false;
        final boolean spin = admission.spinsWhileWaiting(node);
        long spinEnd = spinEnd(timed, deadline);
        int spins = spin ? 0 : -1;
        for (;;) {
            int status = node.status;
            if (status == Waiter.GRANTED) {
                break;
            }
            if (status == Waiter.RETRY) {
                if (!spin) {
                    yieldToPreferredSide(timed, deadline);
                }
                if (retry(node)) {
                    break;
                }
                spinEnd = spinEnd(timed, deadline);
                spins = spin ? 0 : -1;
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
     * A waiter of the disfavoured side was woken to compete. It first lets the side the policy
     * prefers keep the lock: it waits until that side has been idle for a short window
     * ({@link SpinPolicy#YIELD_NANOS}, long enough for a thread that just released to acquire
     * again), parking briefly between windows while the preferred side stays busy. That is what a
     * preference means when both sides saturate the lock. It returns early on timeout or
     * interrupt; the retry that follows happens under the mutex in every case, so no release is
     * missed.
     */
    private void yieldToPreferredSide(boolean timed, long deadline) {
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
        mutex.lock();
        try {
            if (node.status == Waiter.GRANTED) {
                return true;
            }
            node.status = Waiter.WAITING;
            boolean entered;
            if (node.isWriter()) {
                entered = admission.writerMayEnter(this, node)
                        && tryTakeWrite(node.thread, node.writeHolds);
            } else {
                entered = readerMayEnter(node, node.thread);
                if (entered) {
                    node.readerSlot.holds = 1;
                }
            }
            if (entered) {
                queue.remove(node);
            }
            return entered;
        } finally {
            updateGate();
            mutex.unlock();
        }
    }

    /** Leaves the queue after a timeout or interrupt; true if the lock was granted meanwhile. */
    private boolean cancel(Waiter node) {
        mutex.lock();
        try {
            if (node.status == Waiter.GRANTED) {
                return true;
            }
            queue.remove(node);
            dispatch(); // wake whoever this waiter was holding back
            return false;
        } finally {
            updateGate();
            mutex.unlock();
        }
    }

    // ------------------------------------------------------------------ serving (mutex held)

    private void dispatch() {
        if (writer() == null) {
            admission.dispatch(this);
        }
    }

    /**
     * Recomputes the gate. Closing it is a volatile store (a writer then scans the readers, see
     * the class notes); opening it only needs release semantics, so that a reader that sees it
     * open sees everything the last writer wrote.
     */
    private void updateGate() {
        int g = admission.gate(this);
        if (gate != g) {
            if (g == CLOSED) {
                gate = g;
            } else {
                GATE.setRelease(this, g);
            }
        }
    }

    long writerTakes() {
        return (long) WRITER_TAKES.getOpaque(this);
    }

    long slowReaderReleases() {
        return (long) SLOW_READER_RELEASES.getOpaque(this);
    }

    boolean noActiveReaders() {
        return readers.noneActive();
    }

    void tryGrantWrite(Waiter w) {
        if (tryTakeWrite(w.thread, w.writeHolds)) {
            queue.remove(w);
            signal(w, Waiter.GRANTED);
        }
    }

    void grantAllQueuedReaders() {
        Waiter w = queue.head();
        while (w != null) {
            Waiter next = w.next;
            if (!w.isWriter()) {
                grantRead(w);
            }
            w = next;
        }
    }

    void grantLeadingReaders() {
        Waiter w = queue.head();
        while (w != null && !w.isWriter()) {
            Waiter next = w.next;
            grantRead(w);
            w = next;
        }
    }

    void wakeAllQueuedReaders() {
        for (Waiter w = queue.head(); w != null; w = w.next) {
            if (!w.isWriter() && w.status == Waiter.WAITING) {
                signal(w, Waiter.RETRY);
            }
        }
    }

    void wake(Waiter w) {
        signal(w, Waiter.RETRY);
    }

    private void grantRead(Waiter w) {
        w.readerSlot.holds = 1;
        queue.remove(w);
        signal(w, Waiter.GRANTED);
    }

    private static void signal(Waiter w, int status) {
        w.status = status;
        if (w.parked) {
            LockSupport.unpark(w.thread);
        }
    }

    // ------------------------------------------------------------------ introspection

    ReadersWritersPolicy policy() {
        return admission.policy();
    }

    boolean isWriteLocked() {
        return writer() != null;
    }

    boolean isWriteLockedByCurrentThread() {
        return writer() == Thread.currentThread();
    }

    Thread writer() {
        return (Thread) WRITER.getAcquire(this);
    }

    int writeHoldCount() {
        return writer() == Thread.currentThread() ? writeHolds : 0;
    }

    int readLockCount() {
        return readers.totalHolds();
    }

    int readHoldCount() {
        ReaderSlot slot = readers.currentIfPresent();
        return slot == null ? 0 : slot.holds;
    }

    int queuedReaders() {
        return queue.readers();
    }

    int queuedWriters() {
        return queue.writers();
    }

    ReentrantLock mutex() {
        return mutex;
    }

    /** The lock's class and identity hash, as in {@link Object#toString()}. */
    String identity() {
        return "ReadersWritersLock@" + Integer.toHexString(System.identityHashCode(owner));
    }

    /** Names the lock and its policy, for exception messages. */
    String describe() {
        return identity() + "[" + policy() + "]";
    }

    private int incremented(int holds, String mode) {
        if (holds == Integer.MAX_VALUE) {
            throw new IllegalStateException(describe() + ": thread "
                    + Thread.currentThread().getName() + " would exceed the maximum " + mode
                    + " hold count (" + Integer.MAX_VALUE + ")");
        }
        return holds + 1;
    }

    /** Test seam: sets the calling thread's hold counts, to test overflow without 2^31 calls. */
    void setHoldCountsForTest(int readHolds, int writeHoldsIfOwner) {
        if (readHolds >= 0) {
            readers.current().holds = readHolds;
        }
        if (writer() == Thread.currentThread() && writeHoldsIfOwner > 0) {
            writeHolds = writeHoldsIfOwner;
        }
    }

    private static final java.lang.invoke.VarHandle WRITER;
    private static final java.lang.invoke.VarHandle GATE;
    private static final java.lang.invoke.VarHandle WRITER_TAKES;
    private static final java.lang.invoke.VarHandle SLOW_READER_RELEASES;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup lookup = java.lang.invoke.MethodHandles.lookup();
            WRITER = lookup.findVarHandle(RwEngine.class, "writer", Thread.class);
            GATE = lookup.findVarHandle(RwEngine.class, "gate", int.class);
            WRITER_TAKES = lookup.findVarHandle(RwEngine.class, "writerTakes", long.class);
            SLOW_READER_RELEASES =
                    lookup.findVarHandle(RwEngine.class, "slowReaderReleases", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
