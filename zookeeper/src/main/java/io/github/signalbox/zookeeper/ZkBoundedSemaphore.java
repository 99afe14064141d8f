package io.github.signalbox.zookeeper;

import io.github.signalbox.semaphores.OverReleaseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.curator.framework.api.transaction.CuratorTransactionResult;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * A bounded semaphore shared by every process that opens the same name through {@link
 * ZkPrimitives#boundedSemaphore(String, int)}: at most {@link #bound()} permits are held at any
 * time, across all processes, and the bound is stored in ZooKeeper and enforced by every grant
 * (it does not depend on each client passing the same number, as with Curator's
 * {@code InterProcessSemaphoreV2}).
 *
 * <p>Requests are served in FIFO order of arrival; a request for several permits is granted all
 * at once or not at all, and a later request for fewer permits does not overtake it. Permits are
 * released only through the {@link ZkPermit} lease that holds them, so the bound cannot be
 * broken by releasing too much: {@link ZkPermit#release(int)} of more than the lease holds throws
 * {@link OverReleaseException} and changes nothing. The bound can change at run time ({@link
 * #setBound(int)}); shrinking it below the permits in use makes new requests wait until enough
 * are released.
 *
 * <pre>{@code
 * ZkBoundedSemaphore licences = zk.boundedSemaphore("licences", 3);
 * try (ZkPermit permit = licences.acquirePermit()) {
 *     callLicensedService(permit.fence());
 * }
 * }</pre>
 *
 * <p>A lease lost with its session frees its permits (ZooKeeper deletes its node); see {@link
 * Lease}. A waiter that times out or is interrupted removes its request before it returns.
 *
 * <p>Memory consistency effects: across processes, ZooKeeper writes made before a release are
 * visible to the process granted the permits next (ZooKeeper orders all writes).
 */
public final class ZkBoundedSemaphore {

    /*
     * Implementation notes. The semaphore's node P holds the bound (its data version changes with
     * every setBound); its child Q (a container) holds the requests: "p<n>-<tag>-<seq>" waiting
     * for n permits, "pg<n>-<tag>-<seq>" granted on arrival, and grant markers "g-<seq>". Only the
     * head (the earliest waiting request, all earlier ones granted) can be granted, so grants are
     * serialized without a lock: the head's grant checks P's version (the bound it used is still
     * the bound); a newcomer's grant on arrival (no one waits and its permits fit) checks P's and
     * Q's versions, and every arrival and grant bumps Q's. Releases only delete nodes, which can
     * only make more permits available. The head watches Q's children and P; every other waiter
     * watches only its predecessor (its departure or its grant marker), so there is no herd.
     */

    private static final byte[] EMPTY = new byte[0];

    private final ZkSession session;
    private final String path;
    private final String queue;
    /** Versions at which this process knows nobody waits and at most {@code used} are held. */
    private final AtomicReference<Free> free = new AtomicReference<>();

    private record Free(int boundVersion, int queueVersion, int bound, int used) {
    }

    /** {@code false} only in the mutant the tests must reject: grants without version checks. */
    private final boolean checked;

    private ZkBoundedSemaphore(ZkSession session, String path, boolean checked) {
        this.checked = checked;
        this.session = session;
        this.path = path;
        this.queue = path + "/q";
    }

    static byte[] data(int bound) {
        return ZkNodeData.encode("semaphore", Map.of("bound", bound));
    }

    static ZkBoundedSemaphore open(ZkSession session, String path, boolean checked) {
        return new ZkBoundedSemaphore(session, path, checked);
    }

    // ------------------------------------------------------------------ acquisition

    /**
     * Acquires one permit, waiting unless interrupted.
     *
     * @return the lease holding the permit
     * @throws InterruptedException if interrupted (the request is gone)
     */
    public ZkPermit acquirePermit() throws InterruptedException {
        return acquirePermits(1);
    }

    /**
     * Acquires {@code permits} permits at once, waiting unless interrupted.
     *
     * @param permits how many, between 1 and the bound
     * @return the lease holding the permits
     * @throws InterruptedException if interrupted (the request is gone)
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     */
    public ZkPermit acquirePermits(int permits) throws InterruptedException {
        return acquire(permits, Long.MAX_VALUE, true).orElseThrow();
    }

    /**
     * Acquires one permit, waiting as long as it takes (an interrupt is re-asserted afterwards).
     *
     * @return the lease holding the permit
     */
    public ZkPermit acquirePermitUninterruptibly() {
        return acquirePermitsUninterruptibly(1);
    }

    /**
     * Acquires {@code permits} permits at once, waiting as long as it takes.
     *
     * @param permits how many, between 1 and the bound
     * @return the lease holding the permits
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     */
    public ZkPermit acquirePermitsUninterruptibly(int permits) {
        boolean interrupted = Thread.interrupted();
        try {
            return acquire(permits, Long.MAX_VALUE, false).orElseThrow();
        } catch (InterruptedException e) {
            throw new AssertionError("an uninterruptible acquisition was interrupted", e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Acquires one permit within the timeout.
     *
     * @param timeout how long to wait at most
     * @return the lease holding the permit
     * @throws TimeoutException if the timeout passed first (the request is gone)
     * @throws InterruptedException if interrupted (the request is gone)
     */
    public ZkPermit acquirePermit(Duration timeout) throws InterruptedException, TimeoutException {
        return tryAcquirePermits(1, timeout).orElseThrow(() -> new TimeoutException(
                "no permit of " + path + " within " + timeout));
    }

    /**
     * Acquires one permit if it is available now and nobody waits, without waiting.
     *
     * @return the lease, or empty
     */
    public Optional<ZkPermit> tryAcquirePermit() {
        return tryAcquirePermits(1);
    }

    /**
     * Acquires {@code permits} permits if they are available now and nobody waits.
     *
     * @param permits how many, between 1 and the bound
     * @return the lease, or empty
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     */
    public Optional<ZkPermit> tryAcquirePermits(int permits) {
        boolean interrupted = Thread.interrupted();
        try {
            return acquire(permits, System.nanoTime(), false);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Acquires one permit within the timeout.
     *
     * @param timeout how long to wait at most
     * @return the lease, or empty if the timeout passed first (the request is gone)
     * @throws InterruptedException if interrupted (the request is gone)
     */
    public Optional<ZkPermit> tryAcquirePermit(Duration timeout) throws InterruptedException {
        return tryAcquirePermits(1, timeout);
    }

    /**
     * Acquires {@code permits} permits at once within the timeout.
     *
     * @param permits how many, between 1 and the bound
     * @param timeout how long to wait at most
     * @return the lease, or empty if the timeout passed first (the request is gone)
     * @throws InterruptedException if interrupted (the request is gone)
     * @throws IllegalArgumentException if {@code permits < 1} or above the bound
     */
    public Optional<ZkPermit> tryAcquirePermits(int permits, Duration timeout)
            throws InterruptedException {
        return acquire(permits, ZkOps.deadline(timeout), true);
    }

    /**
     * Runs {@code body} holding one permit and returns its result.
     *
     * @param <T> the result type
     * @param body what to run
     * @return what {@code body} returned
     */
    @SuppressWarnings("try") // the guard only releases
    public <T> T withPermit(Supplier<? extends T> body) {
        Objects.requireNonNull(body, "body");
        try (ZkPermit permit = acquirePermitUninterruptibly()) {
            return body.get();
        }
    }

    // ------------------------------------------------------------------ bound and introspection

    /**
     * Changes the bound for every process. Raising it lets waiting requests in; lowering it below
     * the permits in use takes effect as permits are released.
     *
     * @param newBound the new bound, at least 1
     * @throws IllegalArgumentException if {@code newBound < 1}
     */
    public void setBound(int newBound) {
        if (newBound < 1) {
            throw new IllegalArgumentException("bound must be at least 1, was " + newBound);
        }
        try {
            session.curator.setData().forPath(path, data(newBound));
        } catch (Exception e) {
            throw ZkOps.failure("set the bound of " + path, e);
        }
    }

    /**
     * The bound, as stored in ZooKeeper.
     *
     * @return the bound
     */
    public int bound() {
        return readBound(new Stat());
    }

    /**
     * Permits not held by anyone now (0 if the bound was lowered below those in use).
     *
     * @return the available permits
     */
    public int availablePermits() {
        return Math.max(0, bound() - view().used);
    }

    /**
     * Permits held now, across processes.
     *
     * @return the permits in use
     */
    public int permitsInUse() {
        return view().used;
    }

    /**
     * The number of waiting requests, across processes.
     *
     * @return the queue length
     */
    public int getQueueLength() {
        int n = 0;
        for (Request r : view().requests) {
            if (!r.granted) {
                n++;
            }
        }
        return n;
    }

    /**
     * The semaphore's ZooKeeper path.
     *
     * @return the path
     */
    public String path() {
        return path;
    }

    @Override
    public String toString() {
        String state;
        try {
            View v = view();
            state = "bound=" + bound() + ", in use=" + v.used + ", queued="
                    + (v.requests.size() - v.granted);
        } catch (RuntimeException e) {
            state = "state unknown: " + e.getMessage();
        }
        return "ZkBoundedSemaphore[" + path + ", FIFO, " + state + "]";
    }

    // ------------------------------------------------------------------ the algorithm

    private record Request(String name, int permits, long seq, boolean granted, String tag,
            boolean grantedAtArrival) {
    }

    /** One consistent view of the queue (one getChildren), with P's version read before it. */
    private static final class View {
        final List<Request> requests = new ArrayList<>();
        final int version;
        int bound;
        int boundVersion;
        int cversion;
        int used;
        int granted;

        View(List<String> children, int version) {
            this.version = version;
            Set<Long> markers = new HashSet<>();
            for (String c : children) {
                if (c.startsWith("g-")) {
                    markers.add(ZkOps.sequenceOf(c));
                }
            }
            for (String c : children) {
                if (c.startsWith("g-")) {
                    continue;
                }
                int dash = c.indexOf('-');
                boolean atArrival = c.charAt(1) == 'g';
                int permits = Integer.parseInt(c.substring(atArrival ? 2 : 1, dash));
                long seq = ZkOps.sequenceOf(c);
                boolean granted = atArrival || markers.contains(seq);
                requests.add(new Request(c, permits, seq, granted,
                        c.substring(dash + 1, c.length() - 11), atArrival));
                if (granted) {
                    used += permits;
                    this.granted++;
                }
            }
            requests.sort(Comparator.comparingLong(Request::seq));
        }

        Request findTag(String tag) {
            for (Request r : requests) {
                if (r.tag.equals(tag)) {
                    return r;
                }
            }
            return null;
        }

        /** The waiting request just before {@code seq}, or null if all before it are granted. */
        Request waitingBefore(long seq) {
            Request last = null;
            for (Request r : requests) {
                if (r.seq >= seq) {
                    break;
                }
                if (!r.granted) {
                    last = r;
                }
            }
            return last;
        }
    }

    private Optional<ZkPermit> acquire(int permits, long deadline, boolean interruptible)
            throws InterruptedException {
        if (permits < 1) {
            throw new IllegalArgumentException("permits must be at least 1, was " + permits);
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
            ZkPermit permit = fastPath(permits, tag);
            if (permit != null) {
                done = true;
                return Optional.of(permit);
            }
            boolean checkedBound = false;
            while (true) {
                if (session.isClosed()) {
                    throw new IllegalStateException("the ZkPrimitives of " + path + " is closed");
                }
                wakeup.reset();
                View v = look();
                if (!checkedBound && permits > v.bound) {
                    throw new IllegalArgumentException("cannot acquire " + permits + " permits of "
                            + path + ": its bound is " + v.bound);
                }
                checkedBound = true;
                Request me = v.findTag(tag);
                if (me != null && me.granted) {
                    permit = adopt(me);
                    done = true;
                    return Optional.of(permit);
                }
                if (me == null) {
                    if (mine != null) {
                        throw new LeaseLostException("the request " + mine + " of " + path
                                + " vanished while waiting: the ZooKeeper session ended");
                    }
                    if (v.granted == v.requests.size() && v.used + permits <= v.bound) {
                        permit = grantOnArrival(permits, v, tag);
                        if (permit != null) {
                            done = true;
                            return Optional.of(permit);
                        }
                        continue;
                    }
                    if (deadline != Long.MAX_VALUE && System.nanoTime() - deadline >= 0) {
                        return Optional.empty();
                    }
                    mine = arrive(permits, tag);
                    continue;
                }
                mine = queue + "/" + me.name;
                Request before = v.waitingBefore(me.seq);
                if (before == null && v.used + permits <= v.bound) {
                    permit = grantWaiting(me, v);
                    if (permit != null) {
                        done = true;
                        return Optional.of(permit);
                    }
                    continue;
                }
                if (before != null) { // wait for the predecessor to leave or be granted
                    Stat gone = session.curator.checkExists().usingWatcher(wakeup)
                            .forPath(queue + "/" + before.name);
                    Stat granted = session.curator.checkExists().usingWatcher(wakeup)
                            .forPath(queue + "/" + RwQueue.marker(before.seq));
                    if (gone == null || granted != null) {
                        continue;
                    }
                } else if (changedSince(v, wakeup)) { // the head: watch the queue and the bound
                    continue;
                }
                if (!wakeup.await(deadline, interruptible)) {
                    return Optional.empty();
                }
            }
        } catch (InterruptedException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw ZkOps.failure("acquire " + permits + " permits of " + path, e);
        } finally {
            session.doneWaiting(wakeup);
            if (!done) {
                ZkOps.withdraw(session, queue, tag);
            }
        }
    }

    private int readBound(Stat stat) {
        try {
            byte[] data = session.curator.getData().storingStatIn(stat).forPath(path);
            ZkPrimitives.checkKind(path, "semaphore", data);
            return (int) ZkNodeData.longField(data, "bound", 1);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw ZkOps.failure("read " + path, e);
        }
    }

    /** Sets the head's watches; {@code true} if the queue or bound changed since {@code v}. */
    private boolean changedSince(View v, Wakeup wakeup) throws Exception {
        Stat q = new Stat();
        session.curator.getChildren().storingStatIn(q).usingWatcher(wakeup).forPath(queue);
        Stat p = session.curator.checkExists().usingWatcher(wakeup).forPath(path);
        return p == null || p.getVersion() != v.boundVersion || q.getCversion() != v.cversion
                || q.getVersion() != v.version;
    }

    private View view() {
        try {
            return look();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw ZkOps.failure("read " + queue, e);
        }
    }

    /** Reads the bound, then the queue. */
    private View look() throws Exception {
        Stat p = new Stat();
        byte[] data = session.curator.getData().storingStatIn(p).forPath(path);
        ZkPrimitives.checkKind(path, "semaphore", data);
        Stat q = new Stat();
        List<String> children;
        try {
            children = session.curator.getChildren().storingStatIn(q).forPath(queue);
        } catch (KeeperException.NoNodeException e) {
            try {
                session.curator.create().withMode(CreateMode.CONTAINER).forPath(queue, EMPTY);
            } catch (KeeperException.NodeExistsException raced) {
                // another process was quicker
            }
            return look();
        }
        View v = new View(children, q.getVersion());
        v.cversion = q.getCversion();
        v.bound = (int) ZkNodeData.longField(data, "bound", 1);
        v.boundVersion = p.getVersion();
        if (v.granted == v.requests.size()) {
            free.set(new Free(v.boundVersion, v.version, v.bound, v.used));
        }
        return v;
    }

    private ZkPermit fastPath(int permits, String tag) throws Exception {
        Free f = free.get();
        if (f == null || f.used + permits > f.bound) {
            return null;
        }
        View v = new View(List.of(), f.queueVersion);
        v.bound = f.bound;
        v.boundVersion = f.boundVersion;
        v.used = f.used;
        return grantOnArrival(permits, v, tag);
    }

    private ZkPermit grantOnArrival(int permits, View v, String tag) throws Exception {
        List<CuratorOp> ops = new ArrayList<>();
        if (checked) {
            ops.add(session.curator.transactionOp().check().withVersion(v.boundVersion)
                    .forPath(path));
            ops.add(session.curator.transactionOp().check().withVersion(v.version).forPath(queue));
        }
        ops.add(session.curator.transactionOp().create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(queue + "/pg" + permits + "-" + tag + "-", EMPTY));
        ops.add(session.curator.transactionOp().setData().forPath(queue, EMPTY));
        try {
            List<CuratorTransactionResult> results = ZkOps.multi(session.curator, ops);
            int newVersion = results.get(results.size() - 1).getResultStat().getVersion();
            free.set(null);
            return register(ZkOps.createdPath(results), null, permits, ZkOps.zxidOf(results),
                    new Free(v.boundVersion, newVersion, v.bound, v.used));
        } catch (KeeperException e) {
            if (ZkOps.isRace(e)) {
                free.set(null);
                return null;
            }
            throw e;
        }
    }

    private String arrive(int permits, String tag) throws Exception {
        return ZkOps.createdPath(ZkOps.multi(session.curator, List.of(
                session.curator.transactionOp().create().withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                        .forPath(queue + "/p" + permits + "-" + tag + "-", EMPTY),
                session.curator.transactionOp().setData().forPath(queue, EMPTY))));
    }

    private ZkPermit grantWaiting(Request me, View v) throws Exception {
        String marker = queue + "/" + RwQueue.marker(me.seq);
        List<CuratorOp> ops = new ArrayList<>();
        if (checked) {
            ops.add(session.curator.transactionOp().check().withVersion(v.boundVersion)
                    .forPath(path));
        }
        ops.add(session.curator.transactionOp().create().withMode(CreateMode.EPHEMERAL)
                .forPath(marker, EMPTY));
        ops.add(session.curator.transactionOp().setData().forPath(queue, EMPTY));
        try {
            List<CuratorTransactionResult> results = ZkOps.multi(session.curator, ops);
            return register(queue + "/" + me.name, marker, me.permits, ZkOps.zxidOf(results),
                    null);
        } catch (KeeperException e) {
            if (ZkOps.isRace(e)) {
                return null;
            }
            throw e;
        }
    }

    private ZkPermit adopt(Request me) throws Exception {
        String node = queue + "/" + me.name;
        String marker = me.grantedAtArrival ? null : queue + "/" + RwQueue.marker(me.seq);
        Stat grant = session.curator.checkExists().forPath(marker == null ? node : marker);
        if (grant == null) {
            throw new LeaseLostException("the granted request " + node + " vanished: the"
                    + " ZooKeeper session ended");
        }
        return register(node, marker, me.permits, grant.getCzxid(), null);
    }

    private ZkPermit register(String node, String marker, int permits, long fence, Free after) {
        PermitLease lease = new PermitLease(node, marker, permits, fence, after);
        session.register(lease);
        return lease;
    }

    /** Permits held by this process: one request node (and its grant marker, if any). */
    private final class PermitLease extends ZkLease implements ZkPermit {
        private volatile String marker;
        private int permits;
        private final Free after;

        PermitLease(String node, String marker, int permits, long fence, Free after) {
            super(ZkBoundedSemaphore.this.session, "permit lease of " + path, node, fence);
            this.marker = marker;
            this.permits = permits;
            this.after = after;
        }

        @Override
        public synchronized int permits() {
            return permits;
        }

        @Override
        List<String> nodes() {
            String m = marker;
            return m == null ? List.of(node()) : List.of(node(), m);
        }

        @Override
        public synchronized void release(int count) {
            if (count < 1) {
                throw new IllegalArgumentException("permits to release must be at least 1, was "
                        + count);
            }
            if (count > permits) {
                int bound;
                try {
                    bound = bound();
                } catch (RuntimeException e) {
                    bound = -1; // unknown: ZooKeeper unreachable
                }
                throw new OverReleaseException("cannot release " + count + " permits of " + path
                        + ": this lease holds " + permits, count, permits, bound);
            }
            if (count == permits) {
                close();
                return;
            }
            checkValid();
            String tag = ZkOps.newTag();
            List<CuratorOp> ops = new ArrayList<>();
            try {
                ops.add(session.curator.transactionOp().create()
                        .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                        .forPath(queue + "/pg" + (permits - count) + "-" + tag + "-", EMPTY));
                ops.add(session.curator.transactionOp().delete().forPath(node()));
                if (marker != null) {
                    ops.add(session.curator.transactionOp().delete().forPath(marker));
                }
                List<CuratorTransactionResult> results = ZkOps.withInterruptSetAside(
                        () -> ZkOps.multi(session.curator, ops));
                moveTo(ZkOps.createdPath(results));
                marker = null;
                permits -= count;
            } catch (Exception e) {
                throw ZkOps.failure("release " + count + " permits of " + path, e);
            }
        }

        @Override
        public synchronized void close() {
            if (state() == LeaseState.RELEASED) {
                return;
            }
            permits = 0;
            if (markReleased() && deleteNodes("release the permits of " + path)
                    && after != null) {
                free.compareAndSet(null, after);
            }
        }
    }
}
