package io.github.signalbox.zookeeper;

import io.github.signalbox.locks.LockUpgradeException;
import io.github.signalbox.locks.ReadersWritersPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * A readers-writers lock shared by every process that opens the same name through {@link
 * ZkPrimitives#readersWritersLock(String, ReadersWritersPolicy)}: any number of readers or one
 * writer, across processes and across the threads of each process, with the same three policies
 * as the in-JVM {@link io.github.signalbox.locks.ReadersWritersLock}.
 *
 * <ul>
 *   <li>{@link ReadersWritersPolicy#FAIR FAIR}: arrival order (the order in which ZooKeeper's
 *       leader created the requests); a reader waits only for writers that arrived before it, a
 *       writer for everybody who arrived before it. Nobody starves.
 *   <li>{@link ReadersWritersPolicy#WRITER_PREFERENCE WRITER_PREFERENCE}: while any writer waits
 *       or holds, no reader is admitted; writers go in arrival order. Readers can starve.
 *   <li>{@link ReadersWritersPolicy#READER_PREFERENCE READER_PREFERENCE}: a reader is admitted
 *       whenever no writer holds; a writer waits until no reader holds or waits. Writers can
 *       starve.
 * </ul>
 *
 * <p>Holds are per thread, as in the in-JVM lock: a thread may re-acquire what it holds (counted
 * locally, no ZooKeeper traffic), take the read lock while holding the write lock and then
 * release the write lock to <em>downgrade</em> (one transaction swaps its write request for a
 * granted read request; no writer can come in between). Asking for the write lock while holding
 * only the read lock throws {@link LockUpgradeException} (it would wait for itself). Two threads
 * of one process are two participants, exactly like two processes.
 *
 * <pre>{@code
 * ZkReadersWritersLock config = zk.readersWritersLock("config", ReadersWritersPolicy.FAIR);
 * try (Lease lease = config.write()) {
 *     store.write(newConfig, lease.fence());   // the store rejects tokens below the last it saw
 * }
 * String current = config.withRead(store::read);
 * }</pre>
 *
 * <p>Every acquisition returns a {@link Lease} with a fencing token and a state: see {@link Lease}
 * for what holds when a session is lost (the lease becomes {@link LeaseState#LOST}, ZooKeeper has
 * already removed its request, and the next holder gets a higher token). A waiter that times out
 * or is interrupted removes its request before it returns.
 *
 * <p>Memory consistency effects: within one process as for the in-JVM lock (a release
 * happens-before the next acquisition in this process); across processes the lock orders
 * ZooKeeper transactions, so a holder sees every ZooKeeper write made under earlier holds.
 *
 * <p>Cost: an uncontended acquire+release is two ZooKeeper round trips once the process has seen
 * the lock free (one transaction that checks, creates and grants; one delete); three the first
 * time. Curator's {@code InterProcessReadWriteLock} needs three.
 */
public final class ZkReadersWritersLock {

    /*
     * Implementation notes.
     *
     * State: the lock's node P (a container; its data is the kind mark) and its child Q (a
     * container) whose children are the requests and grant markers (see RwQueue). Requests are
     * ephemeral sequential nodes, so a process's requests vanish with its session.
     *
     * FAIR is the classic ZooKeeper recipe: whether a request may be granted depends only on the
     * requests that arrived before it (and on holders, which only leave), so a decision once true
     * stays true and needs no check; each waiter watches the one node that blocks it.
     *
     * The preference policies are not monotone (a writer that arrives later stops readers that
     * arrived earlier; a reader that arrives later stops a waiting writer), so their grants are
     * transactions guarded by two version counters, as optimistic concurrency control:
     *  - Q's data version, bumped by every writer arrival, writer grant and waiting reader
     *    arrival. A reader grant under WRITER_PREFERENCE checks it: no writer appeared since the
     *    reader looked.
     *  - P's data version, bumped by every reader grant (and, under READER_PREFERENCE, every
     *    reader arrival). A writer grant under both preference policies checks it: no reader was
     *    admitted (or, for reader preference, arrived) since the writer looked.
     * A failed check means the view was stale: look again. Two counters, not one, so that readers
     * admitted together do not invalidate each other's grants, and so that readers queueing up
     * under WRITER_PREFERENCE cannot invalidate (and so starve) the waiting writer's grant.
     * Writers among themselves need no check: only the earliest waiting writer can be granted.
     *
     * A request granted on arrival (the lock was free for it) is created in one transaction that
     * checks both versions; that is also the fast path: a process remembers the versions at which
     * it last saw the lock free (its own release of a request granted on arrival leaves it free
     * at the versions of that grant, because every arrival bumps a version), and tries the
     * transaction directly, without reading the queue first.
     *
     * The fencing token of a grant is the zxid of the transaction that recorded it (each grant
     * transaction sets data on P or Q), which ZooKeeper makes strictly increasing.
     */

    private static final byte[] EMPTY = new byte[0];

    private final ZkSession session;
    private final String path;
    private final String queue;
    private final ReadersWritersPolicy policy;
    private final byte[] kindMark;
    private final Map<Thread, Holds> holds = new ConcurrentHashMap<>();
    /** Q's version at which this process knows there is no writer request, or -1. */
    private final AtomicLong noWriterAt = new AtomicLong(-1);
    /** Q's and P's versions (packed) at which this process knows there is no request, or -1. */
    private final AtomicLong emptyAt = new AtomicLong(-1);

    /** {@code false} only in the mutant the tests must reject: grants without version checks. */
    private final boolean checked;

    ZkReadersWritersLock(ZkSession session, String path, ReadersWritersPolicy policy) {
        this(session, path, policy, true);
    }

    ZkReadersWritersLock(ZkSession session, String path, ReadersWritersPolicy policy,
            boolean checked) {
        this.checked = checked;
        this.session = session;
        this.path = path;
        this.queue = path + "/q";
        this.policy = policy;
        this.kindMark = ZkPrimitives.kindMark("rwlock:" + policy);
    }

    // ------------------------------------------------------------------ acquisition, guard forms

    /**
     * Acquires the read lock, waiting as long as it takes (an interrupt is remembered and
     * re-asserted after the acquisition).
     *
     * @return the lease, to close when done
     * @throws LeaseLostException if this thread already holds the lock on a lost lease
     * @throws CoordinationException if ZooKeeper cannot be reached
     */
    public Lease read() {
        return acquireUninterruptibly(false);
    }

    /**
     * Acquires the write lock, waiting as long as it takes (an interrupt is remembered and
     * re-asserted after the acquisition).
     *
     * @return the lease, to close when done
     * @throws LockUpgradeException if this thread holds only the read lock
     * @throws LeaseLostException if this thread already holds the lock on a lost lease
     * @throws CoordinationException if ZooKeeper cannot be reached
     */
    public Lease write() {
        return acquireUninterruptibly(true);
    }

    /**
     * Acquires the read lock unless interrupted.
     *
     * @return the lease
     * @throws InterruptedException if interrupted before or while waiting (the request is gone)
     */
    public Lease readInterruptibly() throws InterruptedException {
        return acquire(false, Long.MAX_VALUE, true).orElseThrow();
    }

    /**
     * Acquires the write lock unless interrupted.
     *
     * @return the lease
     * @throws InterruptedException if interrupted before or while waiting (the request is gone)
     * @throws LockUpgradeException if this thread holds only the read lock
     */
    public Lease writeInterruptibly() throws InterruptedException {
        return acquire(true, Long.MAX_VALUE, true).orElseThrow();
    }

    /**
     * Acquires the read lock within the timeout.
     *
     * @param timeout how long to wait at most
     * @return the lease
     * @throws TimeoutException if the timeout passed first (the request is gone)
     * @throws InterruptedException if interrupted (the request is gone)
     */
    public Lease read(Duration timeout) throws InterruptedException, TimeoutException {
        return tryRead(timeout).orElseThrow(() -> timedOut("read", timeout));
    }

    /**
     * Acquires the write lock within the timeout.
     *
     * @param timeout how long to wait at most
     * @return the lease
     * @throws TimeoutException if the timeout passed first (the request is gone)
     * @throws InterruptedException if interrupted (the request is gone)
     * @throws LockUpgradeException if this thread holds only the read lock
     */
    public Lease write(Duration timeout) throws InterruptedException, TimeoutException {
        return tryWrite(timeout).orElseThrow(() -> timedOut("write", timeout));
    }

    /**
     * Acquires the read lock if the policy admits a reader now, without waiting.
     *
     * @return the lease, or empty
     */
    public Optional<Lease> tryRead() {
        return tryNow(false);
    }

    /**
     * Acquires the write lock if it is free now, without waiting.
     *
     * @return the lease, or empty
     * @throws LockUpgradeException if this thread holds only the read lock
     */
    public Optional<Lease> tryWrite() {
        return tryNow(true);
    }

    /**
     * Acquires the read lock within the timeout.
     *
     * @param timeout how long to wait at most
     * @return the lease, or empty if the timeout passed first (the request is gone)
     * @throws InterruptedException if interrupted (the request is gone)
     */
    public Optional<Lease> tryRead(Duration timeout) throws InterruptedException {
        return acquire(false, ZkOps.deadline(timeout), true);
    }

    /**
     * Acquires the write lock within the timeout.
     *
     * @param timeout how long to wait at most
     * @return the lease, or empty if the timeout passed first (the request is gone)
     * @throws InterruptedException if interrupted (the request is gone)
     * @throws LockUpgradeException if this thread holds only the read lock
     */
    public Optional<Lease> tryWrite(Duration timeout) throws InterruptedException {
        return acquire(true, ZkOps.deadline(timeout), true);
    }

    /**
     * Runs {@code body} under the read lock and returns its result.
     *
     * @param <T> the result type
     * @param body what to run
     * @return what {@code body} returned
     */
    @SuppressWarnings("try") // the guard only releases
    public <T> T withRead(Supplier<? extends T> body) {
        Objects.requireNonNull(body, "body");
        try (Lease lease = read()) {
            return body.get();
        }
    }

    /**
     * Runs {@code body} under the write lock and returns its result.
     *
     * @param <T> the result type
     * @param body what to run
     * @return what {@code body} returned
     */
    @SuppressWarnings("try") // the guard only releases
    public <T> T withWrite(Supplier<? extends T> body) {
        Objects.requireNonNull(body, "body");
        try (Lease lease = write()) {
            return body.get();
        }
    }

    // ------------------------------------------------------------------ introspection

    /**
     * The policy.
     *
     * @return the policy every process uses for this lock
     */
    public ReadersWritersPolicy policy() {
        return policy;
    }

    /**
     * The lock's ZooKeeper path.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    /**
     * Whether some participant (any process) holds the write lock, as ZooKeeper sees it now.
     *
     * @return {@code true} if a writer holds the lock
     */
    public boolean isWriteLocked() {
        return view().count(true, true) > 0;
    }

    /**
     * The number of read holds granted, across processes.
     *
     * @return the number of readers
     */
    public int getReadLockCount() {
        return view().count(false, true);
    }

    /**
     * The number of waiting read requests, across processes.
     *
     * @return the number of waiters
     */
    public int getQueuedReaderCount() {
        return view().count(false, false);
    }

    /**
     * The number of waiting write requests, across processes.
     *
     * @return the number of waiters
     */
    public int getQueuedWriterCount() {
        return view().count(true, false);
    }

    /**
     * Whether the current thread holds the write lock.
     *
     * @return {@code true} if it does
     */
    public boolean isWriteLockedByCurrentThread() {
        Holds h = holds.get(Thread.currentThread());
        return h != null && h.writes > 0;
    }

    /**
     * The current thread's write holds.
     *
     * @return the hold count, 0 if none
     */
    public int getWriteHoldCount() {
        Holds h = holds.get(Thread.currentThread());
        return h == null ? 0 : h.writes;
    }

    /**
     * The current thread's read holds.
     *
     * @return the hold count, 0 if none
     */
    public int getReadHoldCount() {
        Holds h = holds.get(Thread.currentThread());
        return h == null ? 0 : h.reads;
    }

    @Override
    public String toString() {
        String state;
        try {
            RwQueue v = view();
            state = "readers=" + v.count(false, true) + ", writer=" + (v.count(true, true) > 0)
                    + ", queued readers=" + v.count(false, false) + ", queued writers="
                    + v.count(true, false);
        } catch (RuntimeException e) {
            state = "state unknown: " + e.getMessage();
        }
        return "ZkReadersWritersLock[" + path + ", " + policy + ", " + state + "]";
    }

    private RwQueue view() {
        try {
            Stat stat = new Stat();
            List<String> children = session.curator.getChildren().storingStatIn(stat)
                    .forPath(queue);
            return new RwQueue(children, stat.getVersion());
        } catch (KeeperException.NoNodeException e) {
            return new RwQueue(List.of(), -1);
        } catch (Exception e) {
            throw ZkOps.failure("read " + queue, e);
        }
    }

    // ------------------------------------------------------------------ the algorithm

    private Lease acquireUninterruptibly(boolean write) {
        boolean interrupted = Thread.interrupted();
        try {
            return acquire(write, Long.MAX_VALUE, false).orElseThrow();
        } catch (InterruptedException e) {
            throw new AssertionError("an uninterruptible acquisition was interrupted", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Optional<Lease> tryNow(boolean write) {
        Optional<Lease> reentered = reenter(write);
        if (reentered != null) {
            return reentered;
        }
        boolean interrupted = Thread.interrupted(); // ZooKeeper calls fail on an interrupted thread
        String tag = ZkOps.newTag();
        boolean done = false;
        try {
            Lease lease = tryCachedGrant(write);
            for (int attempt = 0; lease == null && attempt < 16; attempt++) {
                Versions seen = look(write);
                RwQueue.Request mine = seen.view.findTag(tag);
                if (mine != null) {
                    lease = mine.granted() ? adopt(write, mine) : null;
                    break; // a lost reply left a request: withdraw it below unless granted
                }
                if (seen.view.blocker(policy, write, Long.MAX_VALUE) != null) {
                    break;
                }
                lease = grantOnArrival(write, seen, tag);
            }
            done = lease != null;
            return Optional.ofNullable(lease); // empty also if the lock kept changing: as busy
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw ZkOps.failure("try the " + (write ? "write" : "read") + " lock of " + path, e);
        } finally {
            if (!done) {
                ZkOps.withdraw(session, queue, tag);
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The acquisition: reentrancy, fast path, then arrive, wait for the blocker to leave, and
     * grant. Empty when the deadline passes (the request is deleted first).
     */
    private Optional<Lease> acquire(boolean write, long deadline, boolean interruptible)
            throws InterruptedException {
        Optional<Lease> reentered = reenter(write);
        if (reentered != null) {
            return reentered;
        }
        if (interruptible && Thread.interrupted()) {
            throw new InterruptedException();
        }
        String tag = ZkOps.newTag();
        String mine = null;
        Wakeup wakeup = new Wakeup();
        session.waiting(wakeup);
        boolean done = false;
        try {
            Lease lease = tryCachedGrant(write);
            if (lease != null) {
                done = true;
                return Optional.of(lease);
            }
            while (true) {
                checkSession();
                wakeup.reset();
                Versions seen = look(write);
                RwQueue.Request me = seen.view.findTag(tag);
                if (me != null && me.granted()) { // granted, but the reply was lost
                    lease = adopt(write, me);
                    done = true;
                    return Optional.of(lease);
                }
                if (me == null) {
                    if (mine != null) {
                        throw new LeaseLostException("the request " + mine + " of " + path
                                + " vanished while waiting: the ZooKeeper session ended");
                    }
                    if (seen.view.blocker(policy, write, Long.MAX_VALUE) == null) {
                        lease = grantOnArrival(write, seen, tag);
                        if (lease != null) {
                            done = true;
                            return Optional.of(lease);
                        }
                        continue;
                    }
                    if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
                        return Optional.empty();
                    }
                    mine = arrive(write, tag);
                    continue;
                }
                mine = queue + "/" + me.name();
                RwQueue.Request blocker = seen.view.blocker(policy, write, me.seq());
                if (blocker == null) {
                    lease = grantWaiting(write, seen, mine);
                    if (lease != null) {
                        done = true;
                        return Optional.of(lease);
                    }
                    continue;
                }
                Stat watched = session.curator.checkExists().usingWatcher(wakeup)
                        .forPath(queue + "/" + blocker.name());
                if (watched == null) {
                    continue;
                }
                if (!wakeup.await(deadline, interruptible)) {
                    return Optional.empty(); // not done: the finally block removes the request
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw ZkOps.failure("acquire the " + (write ? "write" : "read") + " lock of " + path, e);
        } finally {
            session.doneWaiting(wakeup);
            if (!done) {
                ZkOps.withdraw(session, queue, tag);
            }
        }
    }

    /** A reentrant acquisition, an upgrade attempt, or {@code null} if the thread holds nothing. */
    private Optional<Lease> reenter(boolean write) {
        Holds h = holds.get(Thread.currentThread());
        if (h == null) {
            return null;
        }
        h.lease.checkValid();
        if (write) {
            if (h.writes == 0) {
                throw new LockUpgradeException(Thread.currentThread().getName() + " holds the read"
                        + " lock of " + path + " and asked for the write lock: that would wait for"
                        + " itself. Release the read lock first.");
            }
            if (h.writes == Integer.MAX_VALUE) {
                throw new Error("maximum write hold count exceeded for " + path);
            }
            h.writes++;
        } else {
            if (h.reads == Integer.MAX_VALUE) {
                throw new Error("maximum read hold count exceeded for " + path);
            }
            h.reads++;
        }
        return Optional.of(new Hold(h, write));
    }

    /** Q's version (and, for writers, P's) read before Q's children: one consistent view. */
    private record Versions(RwQueue view, int readerVersion) {
    }

    private Versions look(boolean write) throws Exception {
        int readerVersion = -1;
        if (write) {
            Stat p = session.curator.checkExists().forPath(path);
            if (p == null) {
                recreate();
                return look(true);
            }
            readerVersion = p.getVersion();
        }
        Stat q = new Stat();
        List<String> children;
        try {
            children = session.curator.getChildren().storingStatIn(q).forPath(queue);
        } catch (KeeperException.NoNodeException e) {
            recreate();
            return look(write);
        }
        RwQueue view = new RwQueue(children, q.getVersion());
        if (view.requests.isEmpty() && write) {
            emptyAt.set(pack(view.version, readerVersion));
        }
        if (!view.hasWriters()) {
            noWriterAt.set(view.version);
        }
        return new Versions(view, readerVersion);
    }

    /** The lock's nodes were removed as unused containers: create them again. */
    private void recreate() throws Exception {
        try {
            session.curator.create().creatingParentContainersIfNeeded()
                    .withMode(CreateMode.CONTAINER).forPath(queue, EMPTY);
        } catch (KeeperException.NodeExistsException e) {
            return;
        }
        byte[] data = session.curator.getData().forPath(path);
        ZkPrimitives.checkKind(path, "rwlock:" + policy, data);
    }

    private Lease tryCachedGrant(boolean write) throws Exception {
        long packed = write ? emptyAt.get() : noWriterAt.get();
        if (packed < 0) {
            return null;
        }
        int q = write ? (int) (packed >>> 32) : (int) packed;
        int p = write ? (int) packed : -1;
        return grantOnArrival(write, new Versions(new RwQueue(List.of(), q), p), ZkOps.newTag());
    }

    /** One transaction: versions unchanged, so create the request already granted. */
    private Lease grantOnArrival(boolean write, Versions seen, String tag) throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        if (checked) {
            ops.add(check(queue, seen.view.version));
            if (write) {
                ops.add(check(path, seen.readerVersion));
            }
        }
        ops.add(session.curator.transactionOp().create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(queue + "/" + RwQueue.prefix(write, true, tag), EMPTY));
        ops.add(write ? bump(queue) : bump(path));
        List<CuratorTransactionResult> results;
        try {
            results = ZkOps.multi(session.curator, ops);
        } catch (KeeperException e) {
            if (ZkOps.isRace(e)) {
                (write ? emptyAt : noWriterAt).set(-1);
                return null;
            }
            throw e;
        }
        long zxid = ZkOps.zxidOf(results);
        String node = ZkOps.createdPath(results);
        if (write) { // the lock is ours now; free again, at these versions, after our release
            emptyAt.set(-1);
            noWriterAt.set(-1);
        }
        int newQ = write ? versionOf(results, queue) : seen.view.version;
        int newP = write ? seen.readerVersion : -1;
        return register(write, node, null, zxid, write ? pack(newQ, newP) : -1);
    }

    /** Registers a grant whose transaction succeeded but whose reply was lost. */
    private Lease adopt(boolean write, RwQueue.Request me) throws Exception {
        String node = queue + "/" + me.name();
        String marker = me.grantedAtArrival() ? null : queue + "/" + RwQueue.marker(me.seq());
        Stat grant = session.curator.checkExists().forPath(marker == null ? node : marker);
        if (grant == null) {
            throw new LeaseLostException("the granted request " + node + " vanished: the"
                    + " ZooKeeper session ended");
        }
        return register(write, node, marker, grant.getCzxid(), -1);
    }

    /** Creates a waiting request, bumping the version that others' decisions depend on. */
    private String arrive(boolean write, String tag) throws Exception {
        try {
            return arriveOnce(write, tag);
        } catch (KeeperException.NoNodeException e) {
            recreate();
            return arriveOnce(write, tag);
        }
    }

    private String arriveOnce(boolean write, String tag) throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        ops.add(session.curator.transactionOp().create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(queue + "/" + RwQueue.prefix(write, false, tag), EMPTY));
        ops.add(bump(queue));
        if (!write && policy == ReadersWritersPolicy.READER_PREFERENCE) {
            ops.add(bump(path));
        }
        return ZkOps.createdPath(ZkOps.multi(session.curator, ops));
    }

    /** Records the grant of a waiting request: a marker, in a transaction the policy guards. */
    private Lease grantWaiting(boolean write, Versions seen, String mine) throws Exception {
        long seq = ZkOps.sequenceOf(mine);
        String marker = queue + "/" + RwQueue.marker(seq);
        List<CuratorOp> ops = new ArrayList<>();
        if (checked && !write && policy == ReadersWritersPolicy.WRITER_PREFERENCE) {
            ops.add(check(queue, seen.view.version));
        }
        if (checked && write && policy != ReadersWritersPolicy.FAIR) {
            ops.add(check(path, seen.readerVersion));
        }
        ops.add(session.curator.transactionOp().create().withMode(CreateMode.EPHEMERAL)
                .forPath(marker, EMPTY));
        ops.add(write ? bump(queue) : bump(path));
        try {
            List<CuratorTransactionResult> results = ZkOps.multi(session.curator, ops);
            return register(write, mine, marker, ZkOps.zxidOf(results), -1);
        } catch (KeeperException e) {
            if (ZkOps.isRace(e)) {
                return null;
            }
            throw e;
        }
    }

    private Lease register(boolean write, String node, String marker, long fence, long freeAt) {
        RwLease lease = new RwLease(write, node, marker, fence, freeAt);
        Holds h = new Holds(lease, write);
        holds.put(Thread.currentThread(), h);
        session.register(lease);
        return new Hold(h, write);
    }
    private CuratorOp check(String node, int version) throws Exception {
        return session.curator.transactionOp().check().withVersion(version).forPath(node);
    }

    private CuratorOp bump(String node) throws Exception {
        return session.curator.transactionOp().setData().forPath(node,
                node.equals(path) ? kindMark : EMPTY);
    }

    private static int versionOf(List<CuratorTransactionResult> results, String node) {
        for (CuratorTransactionResult r : results) {
            if (node.equals(r.getForPath()) && r.getResultStat() != null) {
                return r.getResultStat().getVersion();
            }
        }
        return -1;
    }

    private static long pack(int queueVersion, int lockVersion) {
        if (queueVersion < 0 || lockVersion < 0) {
            return -1;
        }
        return ((long) queueVersion << 32) | lockVersion;
    }

    private void checkSession() {
        if (session.isClosed()) {
            throw new IllegalStateException("the ZkPrimitives of " + path + " is closed");
        }
    }

    private TimeoutException timedOut(String mode, Duration timeout) {
        return new TimeoutException("the " + mode + " lock of " + path + " was not granted within "
                + timeout);
    }

    // ------------------------------------------------------------------ release and downgrade

    private void release(Holds h, boolean write) {
        if (holds.get(Thread.currentThread()) != h) {
            throw new IllegalMonitorStateException(Thread.currentThread().getName()
                    + " does not hold the " + (write ? "write" : "read") + " lock of " + path
                    + " it tried to release");
        }
        if (write) {
            h.writes--;
        } else {
            h.reads--;
        }
        RwLease lease = h.lease;
        if (h.writes == 0 && h.reads == 0) {
            holds.remove(Thread.currentThread());
            lease.release();
        } else if (h.writes == 0 && lease.write) {
            downgrade(h);
        }
    }

    /** The last write hold ended while read holds remain: swap the request in one transaction. */
    private void downgrade(Holds h) {
        RwLease old = h.lease;
        old.checkValid();
        try {
            List<CuratorOp> ops = new ArrayList<>();
            ops.add(session.curator.transactionOp().create()
                    .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                    .forPath(queue + "/" + RwQueue.prefix(false, true, ZkOps.newTag()), EMPTY));
            ops.add(session.curator.transactionOp().delete().forPath(old.node()));
            if (old.marker != null) {
                ops.add(session.curator.transactionOp().delete().forPath(old.marker));
            }
            ops.add(bump(path));
            List<CuratorTransactionResult> results = ZkOps.withInterruptSetAside(
                    () -> ZkOps.multi(session.curator, ops));
            RwLease read = new RwLease(false, ZkOps.createdPath(results), null,
                    ZkOps.zxidOf(results), -1);
            old.forwardTo(read);
            h.lease = read;
            session.register(read);
        } catch (Exception e) {
            throw ZkOps.failure("downgrade the write lock of " + path, e);
        }
    }

    /** One thread's holds of this lock: counts, and the lease (request node) that covers them. */
    private static final class Holds {
        RwLease lease;
        int reads;
        int writes;

        Holds(RwLease lease, boolean write) {
            this.lease = lease;
            if (write) {
                writes = 1;
            } else {
                reads = 1;
            }
        }
    }

    /** The request node a thread holds: deleted (with its marker) at the last release. */
    private final class RwLease extends ZkLease {
        final boolean write;
        final String marker;
        final long freeAt;
        private volatile RwLease successor;

        RwLease(boolean write, String node, String marker, long fence, long freeAt) {
            super(ZkReadersWritersLock.this.session, (write ? "write" : "read") + " lease of "
                    + path, node, fence);
            this.write = write;
            this.marker = marker;
            this.freeAt = freeAt;
        }

        /** After a downgrade the holder's leases answer for the read request. */
        void forwardTo(RwLease read) {
            read.adoptListeners(this);
            successor = read;
            session.unregister(this);
        }

        @Override
        List<String> nodes() {
            return marker == null ? List.of(node()) : List.of(node(), marker);
        }

        /** Holds are released through {@link Hold}; this releases the node itself. */
        @Override
        public void close() {
            release();
        }

        RwLease current() {
            RwLease s = successor;
            return s == null ? this : s.current();
        }

        void release() {
            if (!markReleased()) {
                return;
            }
            if (deleteNodes("release the " + (write ? "write" : "read") + " lock of " + path)
                    && freeAt >= 0) {
                // a request granted on arrival left the lock free at the grant's versions
                emptyAt.compareAndSet(-1, freeAt);
                noWriterAt.compareAndSet(-1, (int) (freeAt >>> 32));
            }
        }
    }

    /** The guard one acquisition returns; reentrant acquisitions share the thread's lease. */
    private final class Hold implements Lease {
        private final Holds holds;
        private final boolean write;
        private final Thread owner = Thread.currentThread();
        private boolean closed;

        Hold(Holds holds, boolean write) {
            this.holds = holds;
            this.write = write;
        }

        private RwLease lease() {
            return holds.lease.current();
        }

        @Override
        public long fence() {
            return lease().fence();
        }

        @Override
        public LeaseState state() {
            return closed ? LeaseState.RELEASED : lease().state();
        }

        @Override
        public void checkValid() {
            if (closed) {
                throw new IllegalStateException(this + " was released");
            }
            lease().checkValid();
        }

        @Override
        public void onStateChange(Runnable action) {
            lease().onStateChange(action);
        }

        @Override
        public void close() {
            if (Thread.currentThread() != owner) {
                throw new IllegalMonitorStateException(Thread.currentThread().getName()
                        + " cannot release a " + (write ? "write" : "read") + " hold of " + path
                        + " acquired by " + owner.getName());
            }
            if (closed) {
                return;
            }
            closed = true;
            release(holds, write);
        }

        @Override
        public String toString() {
            return (write ? "write" : "read") + " hold of " + path + " by " + owner.getName()
                    + " (fence " + fence() + ", " + state() + ")";
        }
    }
}
