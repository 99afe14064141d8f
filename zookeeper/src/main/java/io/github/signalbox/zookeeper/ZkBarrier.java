package io.github.signalbox.zookeeper;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * A barrier shared by processes, with Python's {@code threading.Barrier} semantics (as the in-JVM
 * {@link io.github.signalbox.barriers.Barrier}): {@link #parties()} parties call {@link #await()};
 * the last to arrive runs the action (if its process gave one), then all are released with their
 * arrival index ({@code 0} for the first to arrive, {@code parties() - 1} for the last), and the
 * next round begins.
 *
 * <p>Broken state: the round breaks, and every waiting and later {@code await} throws {@link
 * BrokenBarrierException} until {@link #reset()}, when {@link #abort()} is called, when the action
 * throws, when a waiting party times out or is interrupted (Python's policy; there is no
 * withdrawing here), and when a party that has arrived loses its ZooKeeper session before the
 * round trips (its arrival node vanishes, and the round can no longer trip honestly).
 *
 * <pre>{@code
 * ZkBarrier stage = zk.barrier("nightly-stage", 3, () -> log.info("all three loaded"));
 * loadMyPartition();
 * int index = stage.await(Duration.ofMinutes(10));
 * if (index == 0) {
 *     publishReport();   // exactly one process per round
 * }
 * }</pre>
 *
 * <p>Memory consistency effects: across processes, ZooKeeper writes a party made before its
 * {@code await} are visible to every party after the round trips.
 */
public final class ZkBarrier {

    /*
     * Implementation notes. P's data holds the parties and the current round number G. Each
     * round is a container node P/round-G whose data is its state (OPEN with the arrival count,
     * ACTION while the last party runs the action, TRIPPED, BROKEN) and whose children are the
     * arrivals, ephemeral nodes a-<index>. An arrival is one transaction: check the round node's
     * version, set the count one higher (ACTION if it is the last), create the arrival node; so
     * indices are unique and a round never gets more than parties arrivals. The last party runs
     * the action, then marks the round TRIPPED and advances P's round in one transaction. Waiters
     * watch the round node (its data and its children); an arrival node that vanishes while the
     * round is not tripped means a session was lost, and the round is broken. A party leaves by
     * deleting its arrival node after it has seen the outcome, so the round node lives exactly as
     * long as someone may still read it, and the server then removes it.
     */

    private static final String OPEN = "OPEN";
    private static final String ACTION = "ACTION";
    private static final String TRIPPED = "TRIPPED";
    private static final String BROKEN = "BROKEN";

    private final ZkSession session;
    private final String path;
    private final int parties;
    private final Runnable action;

    ZkBarrier(ZkSession session, String path, int parties, Runnable action) {
        this.session = session;
        this.path = path;
        this.parties = parties;
        this.action = action;
    }

    static byte[] data(int parties, long round) {
        return ZkNodeData.encode("barrier", Map.of("parties", parties, "round", round));
    }

    /**
     * Arrives and waits until all parties have arrived, unless interrupted.
     *
     * @return the arrival index
     * @throws InterruptedException if interrupted while waiting (the round breaks)
     * @throws BrokenBarrierException if the round is or becomes broken
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return arrive(Long.MAX_VALUE);
        } catch (TimeoutException impossible) {
            throw new AssertionError(impossible);
        }
    }

    /**
     * Arrives and waits at most {@code timeout} for the other parties.
     *
     * @param timeout how long to wait
     * @return the arrival index
     * @throws TimeoutException if the time ran out (the round breaks for everyone)
     * @throws InterruptedException if interrupted while waiting (the round breaks)
     * @throws BrokenBarrierException if the round is or becomes broken
     */
    public int await(Duration timeout)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        return arrive(ZkOps.deadline(timeout));
    }

    /** Breaks the current round: its waiting parties and later arrivals throw until reset. */
    public void abort() {
        while (true) {
            Round r = currentRound();
            if (r.state.equals(BROKEN) || setRound(r, BROKEN, r.arrived)) {
                return;
            }
        }
    }

    /**
     * Breaks the round in progress (its waiting parties throw {@link BrokenBarrierException}) and
     * starts a new, empty round.
     */
    public void reset() {
        while (true) {
            Round r = currentRound();
            try {
                List<CuratorOp> ops = List.of(
                        session.curator.transactionOp().check().withVersion(r.version)
                                .forPath(r.path),
                        session.curator.transactionOp().setData()
                                .forPath(r.path, state(BROKEN, r.arrived)),
                        session.curator.transactionOp().setData().withVersion(r.barrierVersion)
                                .forPath(path, data(parties, r.number + 1)));
                ZkOps.multi(session.curator, ops);
                return;
            } catch (KeeperException e) {
                if (!ZkOps.isRace(e)) {
                    throw ZkOps.failure("reset " + path, e);
                }
            } catch (Exception e) {
                throw ZkOps.failure("reset " + path, e);
            }
        }
    }

    /**
     * The number of parties.
     *
     * @return the parties
     */
    public int parties() {
        return parties;
    }

    /**
     * Parties waiting in the current round.
     *
     * @return the number waiting
     */
    public int numberWaiting() {
        Round r = currentRound();
        return r.state.equals(OPEN) ? r.arrived : 0;
    }

    /**
     * Whether the current round is broken.
     *
     * @return {@code true} if broken
     */
    public boolean isBroken() {
        return currentRound().state.equals(BROKEN);
    }

    /**
     * The current round's number, counting from 0.
     *
     * @return the round
     */
    public long generation() {
        return currentRound().number;
    }

    /**
     * The barrier's ZooKeeper path.
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
            Round r = currentRound();
            state = "round " + r.number + ", " + r.state + ", " + r.arrived + " of " + parties
                    + " arrived";
        } catch (RuntimeException e) {
            state = "state unknown: " + e.getMessage();
        }
        return "ZkBarrier[" + path + ", " + state + "]";
    }

    // ------------------------------------------------------------------ the algorithm

    private record Round(long number, String path, String state, int arrived, int version,
            int barrierVersion) {
    }

    private static byte[] state(String state, int arrived) {
        return ZkNodeData.encode("round", Map.of("state", state, "arrived", arrived));
    }

    private Round currentRound() {
        try {
            Stat p = new Stat();
            byte[] data = session.curator.getData().storingStatIn(p).forPath(path);
            ZkPrimitives.checkKind(path, "barrier", data);
            long number = ZkNodeData.longField(data, "round", 0);
            String roundPath = path + "/round-" + number;
            Stat r = new Stat();
            byte[] roundData;
            try {
                roundData = session.curator.getData().storingStatIn(r).forPath(roundPath);
            } catch (KeeperException.NoNodeException e) {
                try {
                    session.curator.create().withMode(CreateMode.CONTAINER)
                            .forPath(roundPath, state(OPEN, 0));
                } catch (KeeperException.NodeExistsException raced) {
                    // another party created it
                }
                return currentRound();
            }
            Map<String, String> f = ZkNodeData.fields(roundData);
            return new Round(number, roundPath, f.getOrDefault("state", OPEN),
                    Integer.parseInt(f.getOrDefault("arrived", "0")), r.getVersion(),
                    p.getVersion());
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw ZkOps.failure("read " + path, e);
        }
    }

    private boolean setRound(Round r, String state, int arrived) {
        try {
            session.curator.setData().withVersion(r.version).forPath(r.path, state(state, arrived));
            return true;
        } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
            return false;
        } catch (Exception e) {
            throw ZkOps.failure("update " + r.path, e);
        }
    }

    private int arrive(long deadline)
            throws InterruptedException, BrokenBarrierException, TimeoutException {
        if (Thread.interrupted()) {
            breakRound();
            throw new InterruptedException();
        }
        Wakeup wakeup = new Wakeup();
        session.waiting(wakeup);
        String mine = null;
        try {
            Round r;
            int index;
            int arrivedVersion;
            while (true) { // arrive: one transaction per attempt
                r = currentRound();
                if (r.state.equals(BROKEN)) {
                    throw new BrokenBarrierException(path + " is broken (round " + r.number + ")");
                }
                if (!r.state.equals(OPEN)) { // the previous round is finishing: wait for it
                    wakeup.reset();
                    if (session.curator.checkExists().usingWatcher(wakeup).forPath(r.path) != null
                            && currentRound().version == r.version
                            && !wakeup.await(deadline, true)) {
                        // not a party of that round: time out without breaking it
                        throw new TimeoutException("round " + r.number + " of " + path
                                + " did not finish in time; this party did not arrive");
                    }
                    continue;
                }
                index = r.arrived;
                boolean last = index + 1 == parties;
                try {
                    List<CuratorOp> ops = List.of(
                            session.curator.transactionOp().setData().withVersion(r.version)
                                    .forPath(r.path, state(last ? ACTION : OPEN, index + 1)),
                            session.curator.transactionOp().create().withMode(CreateMode.EPHEMERAL)
                                    .forPath(r.path + "/a-" + index, new byte[0]));
                    arrivedVersion = ZkOps.multi(session.curator, ops).get(0).getResultStat()
                            .getVersion();
                    mine = r.path + "/a-" + index;
                    break;
                } catch (KeeperException e) {
                    if (!ZkOps.isRace(e)) {
                        throw e;
                    }
                }
            }
            if (index + 1 == parties) {
                trip(r, arrivedVersion);
                return index;
            }
            return awaitTrip(r, index, wakeup, deadline);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException
                | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw ZkOps.failure("await " + path, e);
        } finally {
            session.doneWaiting(wakeup);
            if (mine != null) {
                leave(mine);
            }
        }
    }

    /** The last party: run the action, then trip the round and open the next in one step. */
    private void trip(Round arrived, int version) throws Exception {
        if (action != null) {
            try {
                action.run();
            } catch (RuntimeException | Error e) {
                setRound(new Round(arrived.number, arrived.path, ACTION, parties, version,
                        arrived.barrierVersion), BROKEN, parties);
                BrokenBarrierException broken = new BrokenBarrierException("the action of " + path
                        + " failed in round " + arrived.number);
                broken.initCause(e);
                throw broken;
            }
        }
        List<CuratorOp> ops = List.of(
                session.curator.transactionOp().setData().withVersion(version)
                        .forPath(arrived.path, state(TRIPPED, parties)),
                session.curator.transactionOp().setData().withVersion(arrived.barrierVersion)
                        .forPath(path, data(parties, arrived.number + 1)));
        try {
            ZkOps.multi(session.curator, ops);
        } catch (KeeperException e) {
            if (ZkOps.isRace(e)) { // broken (a party lost) or reset while the action ran
                throw new BrokenBarrierException(path + " broke while its action ran (round "
                        + arrived.number + ")");
            }
            throw e;
        }
    }

    private int awaitTrip(Round r, int index, Wakeup wakeup, long deadline) throws Exception {
        while (true) {
            wakeup.reset();
            Stat stat = new Stat();
            byte[] data = session.curator.getData().storingStatIn(stat).usingWatcher(wakeup)
                    .forPath(r.path);
            List<String> arrivals = session.curator.getChildren().usingWatcher(wakeup)
                    .forPath(r.path);
            Map<String, String> f = ZkNodeData.fields(data);
            String state = f.getOrDefault("state", OPEN);
            int arrived = Integer.parseInt(f.getOrDefault("arrived", "0"));
            if (state.equals(TRIPPED)) {
                return index;
            }
            if (state.equals(BROKEN)) {
                throw new BrokenBarrierException(path + " broke in round " + r.number);
            }
            if (arrivals.size() < arrived) { // an arrival vanished with its session
                setRound(new Round(r.number, r.path, state, arrived, stat.getVersion(),
                        r.barrierVersion), BROKEN, arrived);
                continue;
            }
            awaitOrBreak(wakeup, deadline, r);
        }
    }

    private void awaitOrBreak(Wakeup wakeup, long deadline, Round r)
            throws InterruptedException, TimeoutException {
        if (session.isClosed()) {
            throw new IllegalStateException("the ZkPrimitives of " + path + " is closed");
        }
        boolean rung;
        try {
            rung = wakeup.await(deadline, true);
        } catch (InterruptedException e) {
            breakRound(r);
            throw e;
        }
        if (!rung) {
            breakRound(r);
            throw new TimeoutException("not all " + parties + " parties of " + path
                    + " arrived in time (round " + r.number + "); the round is broken");
        }
    }

    private void breakRound() {
        breakRound(currentRound());
    }

    /** Breaks round {@code r} unless it has tripped already. */
    private void breakRound(Round r) {
        for (int attempt = 0; attempt < 100; attempt++) {
            try {
                Stat stat = new Stat();
                byte[] data = session.curator.getData().storingStatIn(stat).forPath(r.path);
                Map<String, String> f = ZkNodeData.fields(data);
                String state = f.getOrDefault("state", OPEN);
                if (state.equals(TRIPPED) || state.equals(BROKEN)) {
                    return;
                }
                if (setRound(new Round(r.number, r.path, state, 0, stat.getVersion(),
                        r.barrierVersion), BROKEN, Integer.parseInt(f.getOrDefault("arrived",
                                "0")))) {
                    return;
                }
            } catch (KeeperException.NoNodeException e) {
                return;
            } catch (Exception e) {
                ZkPrimitives.log().warn("could not break {}", r.path, e);
                return;
            }
        }
    }

    private void leave(String arrival) {
        try {
            ZkOps.withInterruptSetAside(() -> session.curator.delete().guaranteed()
                    .forPath(arrival));
        } catch (KeeperException.NoNodeException gone) {
            // the session ended
        } catch (Exception e) {
            ZkPrimitives.log().debug("could not delete {}", arrival, e);
        }
    }
}
