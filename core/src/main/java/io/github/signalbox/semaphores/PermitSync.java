package io.github.signalbox.semaphores;

import io.github.signalbox.internal.Completions;
import io.github.signalbox.internal.Parking;
import io.github.signalbox.internal.SpinPolicy;
import io.github.signalbox.internal.Timeouts;
import io.github.signalbox.internal.WaitSnapshot;
import io.github.signalbox.internal.WaitTarget;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine of a {@link BoundedSemaphore}: one state word packing the bound and the available
 * permits, and one arrival-order queue that waiting threads and asynchronous requests share.
 *
 * <h2>Implementation notes</h2>
 *
 * <p><b>State.</b> One long: bits 63..32 the bound (int, at least 1), bits 31..0 the available
 * permits (signed int; negative after the bound was lowered below the permits in use, until
 * enough of them come back). Permits in use = bound - available. Taking n subtracts n only when
 * at least n are available; returning n adds n only when the result stays within the bound: the
 * bound check is a compare on the word the CAS already read. Changing the bound moves the
 * available permits by the same delta in the same CAS, so held permits are never revoked.
 *
 * <p><b>Queue.</b> A doubly linked list of {@link Waiter}s under {@link #mutex} (created by the
 * first request that has to wait), with a volatile count {@link #queued}. A thread and an
 * asynchronous request queue the same way and are served the same way: the releaser takes the
 * permits <em>for</em> the head of the queue and hands them over (a thread is unparked, a
 * future completed after the mutex is released), so a FIFO semaphore's order is the arrival
 * order of blocking and asynchronous requests alike, and nobody can take permits a queued
 * request was given. Serving stops at the first request that does not fit. A BARGING semaphore
 * wakes a waiting thread at the head to compete instead ({@link Waiter#RETRY}): it takes the
 * permits itself if no running thread took them first, then serves the requests behind it.
 *
 * <p><b>No lost wake-up.</b> A request that joins the queue increments {@link #queued}, then
 * tries to take its permits (both under the mutex); a releaser returns its permits (a CAS), then
 * reads {@link #queued} and serves the queue if it is not zero. Both are volatile accesses, so
 * either the joining request sees the returned permits or the releaser sees it queued. A
 * BARGING release whose queue has a thread at its head takes no mutex: it wakes the head
 * to compete with a CAS on the head's status, or leaves it alone if it is already awake
 * (RETRY), which it may, because that thread sets itself WAITING before it looks at the
 * permits, so either it sees this release's permits or this release sees it WAITING (see
 * {@link #wakeHeadToCompete}). With threads queued, a release would otherwise take the mutex
 * every time.
 *
 * <p><b>Queued barging threads park.</b> A FIFO waiter spins before it parks, because the
 * permit is handed to it. A queued BARGING thread parks at once: woken to compete (RETRY) while
 * running threads keep taking the permit, a spinning head failed its retry almost every time,
 * and each failure cost a mutex section on both sides (the head's retry and the next release's
 * serve), so a 1-permit semaphore cycled by 2 threads on 2 cores took 40 to 100 ns per pair
 * (JDK nonfair: 45 to 54) and 4 threads 35 to 52 ns (JDK: 31 to 35), on an AMD EPYC host. Parked,
 * the head is woken once and running threads cycle without the mutex until it wakes: 28 to 30 ns
 * with 2 threads and 31 to 38 with 4, the same host.
 *
 * <p><b>Fairness.</b> FIFO: a request may take permits without queueing only while nobody is
 * queued. BARGING: a request takes free permits whenever it finds them; only the queue itself
 * is served in order.
 *
 * <p><b>Leaving.</b> A thread that times out or is interrupted, and an asynchronous request
 * whose future completes before its grant (cancel, {@code orTimeout}, {@code complete}), leave
 * under the mutex: if the grant came first the thread keeps the permits (and its interrupt) and
 * the request's deliverer returns them, otherwise it is unlinked and the queue served again, so
 * the requests behind a big one that gives up are not left waiting.
 */
class PermitSync implements WaitTarget {

    private static final long AVAILABLE_MASK = 0xFFFF_FFFFL;

    final boolean fifo;
    private final Object owner;
    private volatile long state;
    /** Queued requests; read without the mutex by fast paths and releasers. */
    private volatile int queued;
    /** Guards the queue; created by the first request that has to wait. */
    private volatile ReentrantLock mutex;
    /** Written under the mutex; volatile so that a barging release can look at it without. */
    private volatile Waiter head;
    private Waiter tail;
    /** Asynchronous requests granted in the current mutex section, completed after it. */
    private final Completions.AfterUnlock granted = new Completions.AfterUnlock();

    PermitSync(Object owner, int bound, boolean fifo) {
        this(owner, bound, bound, fifo);
    }

    PermitSync(Object owner, int bound, int available, boolean fifo) {
        this.owner = owner;
        this.fifo = fifo;
        this.state = pack(bound, available);
    }

    /** What a thread parked here waits for: the semaphore, its bound and its queue. */
    @Override
    public String toString() {
        return String.valueOf(owner);
    }

    /** For the deadlock detector: only semaphores that track their holders can answer. */
    @Override
    public WaitSnapshot waitOf(Thread waiter) {
        return owner instanceof BoundedSemaphore
                ? ((BoundedSemaphore) owner).waitOf(waiter) : null;
    }

    static long pack(int bound, int available) {
        return ((long) bound << 32) | (available & AVAILABLE_MASK);
    }

    static int bound(long state) {
        return (int) (state >>> 32);
    }

    static int available(long state) {
        return (int) state;
    }

    final long snapshot() {
        return state;
    }

    final long getState() {
        return state;
    }

    final void setState(long newState) {
        state = newState;
    }

    final boolean compareAndSetState(long expected, long next) {
        return STATE.compareAndSet(this, expected, next);
    }

    // ------------------------------------------------------------------ taking and returning

    /** Takes {@code permits} now if the fairness allows it and they are available. */
    final boolean tryTake(int permits) {
        return !(fifo && queued != 0) && take(permits) >= 0;
    }

    /** Takes {@code permits} if available; returns the permits left (negative: none taken). */
    long take(int permits) {
        for (;;) {
            long s = getState();
            int left = available(s) - permits;
            if (left < 0 || compareAndSetState(s, s - permits)) {
                return left;
            }
        }
    }

    /**
     * Returns {@code permits}, or throws without any change if that would exceed the bound. With
     * permits available (at least 0) the new word is the old one plus {@code permits}: the low
     * half cannot carry into the bound, because it stays within the bound. That keeps the CAS's
     * new value one add away from the read (a repack there cost about 1 ns of a 7 ns uncontended
     * acquire+release on an AMD EPYC host); the bound check is a predicted branch beside it.
     */
    void give(int permits) {
        for (;;) {
            long s = getState();
            int available = available(s);
            long next = s + permits;
            if (available < 0 || available > bound(s) - permits) {
                next = giveSlowly(s, permits);
            }
            if (compareAndSetState(s, next)) {
                return;
            }
        }
    }

    /** The new word for {@link #give} when permits are in debt (negative) or the bound is hit. */
    private long giveSlowly(long s, int permits) {
        int bound = bound(s);
        long next = (long) available(s) + permits;
        if (next > bound) {
            throw overRelease(permits, available(s), bound);
        }
        return pack(bound, (int) next);
    }

    /** Returns {@code permits} and serves the queue. */
    final void release(int permits) {
        give(permits);
        if (queued != 0 && !wakeHeadToCompete()) {
            serveQueue();
        }
    }

    /**
     * BARGING, head of the queue a waiting thread: makes sure it is woken to compete, without the
     * mutex, and returns true; false (serve under the mutex) for a FIFO semaphore or any other
     * head. Already woken (RETRY): nothing to do, the head takes the permits itself, and if a
     * barger is faster, the head sets itself WAITING again before it looks at the permits (both
     * volatile), so either it sees this release's permits or this release sees it WAITING.
     * WAITING: a CAS to RETRY and an unpark, if the permits it asks for are there. The head read
     * here may be leaving the queue (it took its permits, timed out or was interrupted); it
     * unlinks itself, then serves the new head under the mutex and sees this release's permits,
     * which were returned before this read of the head.
     */
    boolean wakeHeadToCompete() {
        Waiter h;
        if (fifo || (h = head) == null || h.thread == null) {
            return false;
        }
        if (h.status == Waiter.WAITING) { // a plain read first: the head is often awake
            wakeToCompete(h);
        }
        return true;
    }

    /**
     * BARGING: wakes a waiting thread at the head to compete for its permits (WAITING to RETRY,
     * and an unpark if it parked), if the permits it asks for are there.
     */
    private void wakeToCompete(Waiter w) {
        if (available(getState()) >= w.permits
                && Waiter.STATUS.compareAndSet(w, Waiter.WAITING, Waiter.RETRY) && w.parked) {
            LockSupport.unpark(w.thread);
        }
    }

    /** Sets a new bound, moving the available permits by the same amount; serves if raised. */
    final void resize(int newBound) {
        for (;;) {
            long s = getState();
            int bound = bound(s);
            int available = (int) ((long) available(s) + newBound - bound);
            if (compareAndSetState(s, pack(newBound, available))) {
                if (newBound > bound && available > 0 && queued != 0) {
                    serveQueue();
                }
                return;
            }
        }
    }

    /** Takes all available permits and returns how many that was. */
    final int drain() {
        for (;;) {
            long s = getState();
            int available = available(s);
            if (available <= 0 || compareAndSetState(s, pack(bound(s), 0))) {
                return Math.max(available, 0);
            }
        }
    }

    final OverReleaseException overRelease(int permits, int available, int bound) {
        return new OverReleaseException(BoundedSemaphore.identityOf(owner) + ": release(" + permits
                + ") by thread " + Thread.currentThread().getName() + " would raise the available"
                + " permits from " + available + " to " + ((long) available + permits)
                + ", above the bound " + bound + "; nothing was released", permits, available,
                bound);
    }

    // ------------------------------------------------------------------ waiting threads

    /**
     * Queues the calling thread for {@code permits} and waits; false if the time ran out.
     * {@code nanos <= 0} with {@code timed} never waits.
     */
    final boolean acquire(int permits, boolean interruptible, boolean timed, long nanos)
            throws InterruptedException {
        Waiter node = new Waiter(Thread.currentThread(), null, permits);
        if (enqueue(node)) {
            return true;
        }
        if (timed && nanos <= 0) {
            return !leave(node);
        }
        Completions.runPendingBeforeBlocking(); // this thread may be due to complete a grant
        final long deadline = timed ? Timeouts.deadlineAfter(nanos) : 0L;
        for (;;) {
            // FIFO: a permit is often handed over within a microsecond, so spin first. BARGING:
            // park at once (see "Queued barging threads park" in the class notes).
            long spinEnd = System.nanoTime() + SpinPolicy.SPIN_NANOS; // about one park round trip
            for (int i = 0; fifo && node.status == Waiter.WAITING
                    && SpinPolicy.spinUntil(spinEnd, i); i++) {
                // spinUntil pauses
            }
            Parking.Result why = Parking.parkUntil(() -> node.status != Waiter.WAITING,
                    interruptible, timed, deadline, this, () -> node.parked = true);
            node.parked = false;
            if (why == Parking.Result.TIMED_OUT) {
                return !leave(node);
            }
            if (why == Parking.Result.INTERRUPTED) {
                if (leave(node)) {
                    throw new InterruptedException();
                }
                Thread.currentThread().interrupt(); // granted before we noticed: keep both
                return true;
            }
            if (node.status == Waiter.GRANTED || retry(node)) { // else RETRY: barging, compete
                return true;
            }
        }
    }

    /**
     * A barging waiter woken to compete tries to take its permits; true if it did. A failed try
     * takes no mutex: the waiter sets itself WAITING, then looks at the permits (both volatile),
     * while a releaser returns permits, then looks at the head's status, so either the waiter
     * sees the permits or the releaser sees it WAITING and wakes it again. Only a waiter that
     * took its permits takes the mutex, to leave the queue. (Under the mutex, every failed try
     * also cost the next release a mutex section; with 4 threads on 2 cores that made a 1-permit
     * hand-off slower than {@code java.util.concurrent.Semaphore}'s.)
     */
    private boolean retry(Waiter node) {
        node.status = Waiter.WAITING; // was RETRY; barging threads are never GRANTED
        if (take(node.permits) < 0) {
            return false; // a barger was faster: its release will wake us again
        }
        ReentrantLock m = mutex;
        m.lock();
        try {
            unlink(node);
            serveLocked(); // permits may be left for the requests behind
            return true;
        } finally {
            unlock(m);
        }
    }

    /** {@link #acquire} without interrupts and time limit. */
    final void acquireUninterruptibly(int permits) {
        try {
            acquire(permits, false, false, 0L);
        } catch (InterruptedException impossible) {
            throw new AssertionError(impossible); // not thrown when not interruptible
        }
    }

    /** Joins the queue; true if the permits were taken at once (the node then is not queued). */
    private boolean enqueue(Waiter node) {
        ReentrantLock m = mutex();
        m.lock();
        try {
            link(node);
            if ((head == node || !fifo) && take(node.permits) >= 0) {
                unlink(node);
                return true;
            }
            return false;
        } finally {
            unlock(m);
        }
    }

    /**
     * A queued request gives up: true if it left the queue, false if it had been granted first
     * (it then owns the permits). Whoever it held back is served.
     */
    private boolean leave(Waiter node) {
        ReentrantLock m = mutex;
        m.lock();
        try {
            if (node.status == Waiter.GRANTED) {
                return false;
            }
            unlink(node);
            serveLocked();
            return true;
        } finally {
            unlock(m);
        }
    }

    // ------------------------------------------------------------------ asynchronous requests

    /**
     * Asks for {@code permits} without blocking: the future completes with the permit handle
     * made by {@code handle} once they are granted, in the same queue as waiting threads.
     */
    final CompletableFuture<Permit> acquireAsync(int permits, Executor executor,
            PermitFactory handle) {
        AsyncPermits request = new AsyncPermits(permits, executor, handle);
        if (tryTake(permits)) {
            request.completeNow();
            return request;
        }
        Waiter node = new Waiter(null, request, permits);
        if (enqueue(node)) {
            request.completeNow();
        } else {
            request.queuedAs(node);
        }
        return request;
    }

    /**
     * Whether a grant whose future is already done is returned to the semaphore. Always true;
     * a mutation point for the stress tests (false loses the permits).
     */
    boolean releasesUnclaimedGrants() {
        return true;
    }

    /** Makes the handle an asynchronous grant completes with. */
    interface PermitFactory {
        Permit newPermit(int permits);
    }

    /**
     * An asynchronous request, which is itself the future handed to the caller: where to
     * complete it, its handle's maker, and its queued waiter while it waits.
     */
    @SuppressWarnings("serial") // a CompletableFuture is not Serializable
    private final class AsyncPermits extends CompletableFuture<Permit>
            implements Runnable, BiConsumer<Permit, Throwable> {
        private final int permits;
        private final Executor executor;
        private final PermitFactory handle;
        private Waiter node;

        AsyncPermits(int permits, Executor executor, PermitFactory handle) {
            this.permits = permits;
            this.executor = executor;
            this.handle = handle;
        }

        /** Plain futures for dependent stages: only the request is tied to the semaphore. */
        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }

        /** Queued: from now on, completing this future any other way withdraws the request. */
        void queuedAs(Waiter waiter) {
            node = waiter;
            whenComplete(this);
        }

        @Override
        public void accept(Permit granted, Throwable failure) {
            if (node.status != Waiter.GRANTED) {
                leave(node);
            }
        }

        void completeNow() {
            grant();
        }

        /** Run by {@link Completions} after the grant, no lock held. */
        @Override
        public void run() {
            if (executor == null) {
                grant();
                return;
            }
            try {
                executor.execute(this::grant);
            } catch (RuntimeException e) { // RejectedExecutionException, usually
                release(permits);
                completeExceptionally(e);
            }
        }

        private void grant() {
            Permit permit = handle.newPermit(permits);
            if (!complete(permit) && releasesUnclaimedGrants()) {
                permit.close(); // nobody will ever see these permits: give them back
            }
        }
    }

    // ------------------------------------------------------------------ serving

    /** Serves the queue from its head: takes permits for each request that fits, in order. */
    private void serveQueue() {
        ReentrantLock m = mutex();
        m.lock();
        try {
            serveLocked();
        } finally {
            unlock(m);
        }
    }

    /**
     * FIFO: takes the permits for each request from the head that fits and hands them over.
     * BARGING: the same for asynchronous requests, but a waiting thread at the head is only woken
     * to compete ({@link Waiter#RETRY}), so that running threads may take free permits first, as
     * barging promises (a hand-off to a thread that must first be unparked would make every
     * release wait for a wake-up).
     */
    private void serveLocked() {
        Waiter w;
        while ((w = head) != null) {
            if (!fifo && w.thread != null) {
                wakeToCompete(w);
                return;
            }
            if (take(w.permits) < 0) {
                return;
            }
            unlink(w);
            grant(w);
        }
    }

    private void grant(Waiter w) {
        w.status = Waiter.GRANTED;
        if (w.async != null) {
            granted.add(w.async);
        } else if (w.parked) {
            LockSupport.unpark(w.thread);
        }
    }

    /** Releases the mutex, then completes the asynchronous requests granted meanwhile. */
    private void unlock(ReentrantLock m) {
        granted.unlockThenRun(m);
    }

    private void link(Waiter w) {
        w.prev = tail;
        if (tail == null) {
            head = w;
        } else {
            tail.next = w;
        }
        tail = w;
        queued++; // mutex held: the volatile write is not a race, only a publication
    }

    private void unlink(Waiter w) {
        if (w.prev == null) {
            head = w.next;
        } else {
            w.prev.next = w.next;
        }
        if (w.next == null) {
            tail = w.prev;
        } else {
            w.next.prev = w.prev;
        }
        w.prev = null;
        w.next = null;
        queued--;
    }

    private ReentrantLock mutex() {
        ReentrantLock m = mutex;
        if (m == null) {
            m = new ReentrantLock();
            if (!MUTEX.compareAndSet(this, null, m)) {
                m = mutex;
            }
        }
        return m;
    }

    // ------------------------------------------------------------------ introspection

    /** The head of the queue (volatile read; null when empty): for the stress tests' mutants. */
    final Waiter queueHead() {
        return head;
    }

    final int getQueueLength() {
        return queued;
    }

    final boolean hasQueuedThreads() {
        return queued != 0;
    }

    /** The request {@code thread} has queued here (not yet granted), or null. */
    final Waiter queuedRequestOf(Thread thread) {
        ReentrantLock m = mutex;
        if (m == null) {
            return null;
        }
        m.lock();
        try {
            for (Waiter w = head; w != null; w = w.next) {
                if (w.thread == thread) {
                    return w;
                }
            }
            return null;
        } finally {
            unlock(m);
        }
    }

    /** A queued request: a thread, or an asynchronous request (then {@link #thread} is null). */
    static final class Waiter {
        static final int WAITING = 0;
        static final int GRANTED = 1;
        /** Barging: woken to compete for the permits again; still queued. */
        static final int RETRY = 2;

        final Thread thread;
        final AsyncPermits async;
        final int permits;
        /**
         * WAITING until a releaser has taken the permits for it and unlinked it (GRANTED), or,
         * barging, woken to take them itself (RETRY). A barging thread's status changes
         * without the mutex: a releaser sets RETRY by CAS from WAITING, the thread itself
         * goes back from RETRY to WAITING when it lost its retry.
         */
        volatile int status;
        /** Set while the thread is (about to be) parked: a grant then unparks it. */
        volatile boolean parked;
        Waiter prev;
        Waiter next;

        Waiter(Thread thread, AsyncPermits async, int permits) {
            this.thread = thread;
            this.async = async;
            this.permits = permits;
        }

        static final VarHandle STATUS;

        static {
            try {
                STATUS = MethodHandles.lookup().findVarHandle(Waiter.class, "status", int.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }
    }

    private static final VarHandle STATE;
    private static final VarHandle MUTEX;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(PermitSync.class, "state", long.class);
            MUTEX = lookup.findVarHandle(PermitSync.class, "mutex", ReentrantLock.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
