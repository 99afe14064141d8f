package io.github.signalbox.diagnostics;

import io.github.signalbox.internal.WaitSnapshot;
import io.github.signalbox.internal.WaitTarget;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Finds threads deadlocked on signalbox primitives, including the deadlocks the JDK's
 * {@code ThreadMXBean.findDeadlockedThreads()} cannot see because they involve read locks or
 * permits (T1 reads A and waits to write B while T2 reads B and waits to write A).
 *
 * <pre>{@code
 * for (DeadlockReport report : Deadlocks.find()) {
 *     log.error("{}", report);            // threads, waits, holds, stacks
 * }
 * try (DeadlockWatchdog watchdog = Deadlocks.watch(Duration.ofSeconds(10))) {
 *     runService();                        // reports each new deadlock once, to SLF4J at ERROR
 * }
 * }</pre>
 *
 * <h2>What it can see</h2>
 * A thread counts as waiting when it is parked on a {@link io.github.signalbox.locks
 * ReadersWritersLock} (read, write, upgradable or upgrade, queued) or on a
 * {@link io.github.signalbox.semaphores BoundedSemaphore} built with {@code trackHolders()}. A
 * lock's holders are its writer and its upgradable holder (always known) and, for locks built
 * with {@code trackHolders()}, its read holders; a semaphore's holders
 * are the threads that acquired {@link io.github.signalbox.semaphores.Permit} handles (a handle
 * passed to another thread still counts as its acquirer's until closed). Every
 * other thread (running, or waiting on something else: a JDK lock, a barrier, an event, a
 * counter, I/O) is assumed to make progress and to release what it holds, so the detector never
 * reports a deadlock it cannot prove from what it sees: permits taken without a handle, read
 * holds of untracked locks and writers queued ahead of a reader all count as
 * "will come back". It reports a thread when its request could not be granted even if every
 * thread that is not itself stuck released everything (graph reduction, which is exact for
 * both locks and multi-permit semaphores), and confirms each report with a second snapshot:
 * a thread counts only if it is still queued with the same request (not granted and back to
 * wait for the same lock), and a hold only if both snapshots saw it, because a snapshot reads
 * one thread after another while the others run. Virtual threads are not listed by
 * {@link ThreadGroup#enumerate(Thread[])} and are not seen; deadlocks among JDK locks only are
 * {@code ThreadMXBean}'s to find (signalbox write locks appear there too).
 *
 * <h2>Cost</h2>
 * Nothing until called. A call lists the platform threads (without their stacks; only reported
 * threads' stacks are taken) and briefly takes the internal mutex of each primitive a thread is
 * parked on: under a microsecond with nobody waiting and about 0.1 ms with 100 parked threads on
 * the 2-core test machine, where {@code ThreadMXBean.findDeadlockedThreads()} takes about 0.08 ms
 * ({@code DeadlockScanBenchmark}), so a watchdog looking every few seconds costs nothing
 * noticeable.
 *
 * <h2>Memory consistency effects</h2>
 * None: a report is a snapshot taken without stopping the threads it describes (that is why each
 * one is confirmed by a second look); it synchronizes with nothing the reported threads do.
 */
public final class Deadlocks {

    private Deadlocks() {
    }

    /**
     * Returns every deadlock among signalbox primitives now, one report per set of threads that
     * wait for each other; empty if there is none.
     *
     * @return the deadlocks found, each confirmed by a second snapshot
     */
    public static List<DeadlockReport> find() {
        Map<Thread, WaitSnapshot> first = stuck(waits(platformThreads()));
        if (first.isEmpty()) {
            return List.of();
        }
        Map<Thread, WaitSnapshot> confirmed = new LinkedHashMap<>();
        for (Map.Entry<Thread, WaitSnapshot> e : waits(first.keySet()).entrySet()) {
            WaitSnapshot before = first.get(e.getKey());
            if (before.queuedRequest() == e.getValue().queuedRequest()) { // waited all along
                confirmed.put(e.getKey(), before.commonTo(e.getValue()));
            }
        }
        return reports(stuck(confirmed));
    }

    /**
     * What {@link #find()} would report from its first snapshot alone, without confirming it: a
     * broken variant for the stress tests (through {@code DeadlockMutants} there), which must
     * catch it reporting deadlocks among threads that only pass locks around, because the waits
     * of one snapshot are read one thread after another while the threads go on.
     */
    static List<DeadlockReport> findInOneSnapshot() {
        return reports(stuck(waits(platformThreads())));
    }

    /**
     * Starts a watchdog that looks for deadlocks every {@code period} and logs each new one once,
     * at ERROR, through SLF4J (logger {@code io.github.signalbox.diagnostics.Deadlocks}; an SLF4J
     * provider must be on the class path for the text to appear).
     *
     * @param period how often to look
     * @return the running watchdog; close it to stop
     * @throws IllegalArgumentException if {@code period} is not positive
     * @throws NullPointerException if {@code period} is null
     */
    public static DeadlockWatchdog watch(Duration period) {
        return watch(period, DeadlockWatchdog::log);
    }

    /**
     * Starts a watchdog that looks for deadlocks every {@code period} and passes each new one,
     * once, to {@code onDeadlock} (on the watchdog's daemon thread).
     *
     * @param period how often to look
     * @param onDeadlock what to do with a report
     * @return the running watchdog; close it to stop
     * @throws IllegalArgumentException if {@code period} is not positive
     * @throws NullPointerException if an argument is null
     */
    public static DeadlockWatchdog watch(Duration period, Consumer<DeadlockReport> onDeadlock) {
        return new DeadlockWatchdog(period, onDeadlock);
    }

    /**
     * The live platform threads, without their stacks (Thread.getAllStackTraces() would take
     * every stack at a safepoint; only the reported threads' stacks are needed).
     */
    private static Set<Thread> platformThreads() {
        ThreadGroup root = Thread.currentThread().getThreadGroup();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        Thread[] all = new Thread[root.activeCount() + 16];
        int n;
        while ((n = root.enumerate(all, true)) == all.length) {
            all = new Thread[all.length * 2]; // more threads than estimated: try again
        }
        return new HashSet<>(Arrays.asList(all).subList(0, n));
    }

    /** What each of {@code threads} that is parked on a signalbox target waits for. */
    private static Map<Thread, WaitSnapshot> waits(Set<Thread> threads) {
        Map<Thread, WaitSnapshot> waits = new LinkedHashMap<>();
        for (Thread t : threads) {
            Object blocker = LockSupport.getBlocker(t);
            if (blocker instanceof WaitTarget) {
                WaitSnapshot wait = ((WaitTarget) blocker).waitOf(t);
                if (wait != null) {
                    waits.put(t, wait);
                }
            }
        }
        return waits;
    }

    /**
     * Graph reduction: drops every waiter whose request could be granted if all threads not
     * (yet) considered stuck released their holds, until none can be dropped. The rest can never
     * proceed.
     */
    private static Map<Thread, WaitSnapshot> stuck(Map<Thread, WaitSnapshot> waits) {
        Map<Thread, WaitSnapshot> stuck = new LinkedHashMap<>(waits);
        boolean dropped = true;
        while (dropped) {
            dropped = stuck.entrySet().removeIf(e -> e.getValue().grantableUnless(
                    without(stuck.keySet(), e.getKey())));
        }
        return stuck;
    }

    private static Set<Thread> without(Set<Thread> set, Thread t) {
        Set<Thread> copy = new HashSet<>(set);
        copy.remove(t);
        return copy;
    }

    /** Groups the stuck threads into connected parts of the wait-for graph, one report each. */
    private static List<DeadlockReport> reports(Map<Thread, WaitSnapshot> stuck) {
        Map<Thread, Set<Thread>> edges = new HashMap<>();
        for (Map.Entry<Thread, WaitSnapshot> e : stuck.entrySet()) {
            Set<Thread> out = new HashSet<>(e.getValue().blockers());
            out.retainAll(stuck.keySet());
            out.remove(e.getKey());
            edges.put(e.getKey(), out);
        }
        List<DeadlockReport> reports = new ArrayList<>();
        Set<Thread> placed = new HashSet<>();
        for (Thread start : stuck.keySet()) {
            if (placed.contains(start)) {
                continue;
            }
            List<Thread> part = connected(start, edges);
            placed.addAll(part);
            List<DeadlockReport.Participant> inCycle = new ArrayList<>();
            List<DeadlockReport.Participant> behind = new ArrayList<>();
            for (Thread t : part) {
                boolean cyclic = reaches(t, t, edges);
                (cyclic ? inCycle : behind).add(participant(t, stuck, cyclic));
            }
            inCycle.addAll(behind);
            reports.add(new DeadlockReport(inCycle));
        }
        return reports;
    }

    private static DeadlockReport.Participant participant(Thread t,
            Map<Thread, WaitSnapshot> stuck, boolean inCycle) {
        List<String> holds = new ArrayList<>();
        Set<Object> seen = new HashSet<>();
        for (WaitSnapshot other : stuck.values()) {
            String hold = seen.add(other.target()) ? other.holdingOf(t) : null;
            if (hold != null) {
                holds.add(hold);
            }
        }
        return new DeadlockReport.Participant(t, stuck.get(t).request(), holds, inCycle,
                Arrays.asList(t.getStackTrace()));
    }

    /** The threads connected to {@code start}, ignoring edge direction. */
    private static List<Thread> connected(Thread start, Map<Thread, Set<Thread>> edges) {
        List<Thread> part = new ArrayList<>();
        Set<Thread> seen = new HashSet<>(List.of(start));
        Deque<Thread> todo = new ArrayDeque<>(List.of(start));
        while (!todo.isEmpty()) {
            Thread t = todo.pop();
            part.add(t);
            for (Map.Entry<Thread, Set<Thread>> e : edges.entrySet()) {
                if (e.getKey() == t) {
                    for (Thread n : e.getValue()) {
                        if (seen.add(n)) {
                            todo.push(n);
                        }
                    }
                } else if (e.getValue().contains(t) && seen.add(e.getKey())) {
                    todo.push(e.getKey());
                }
            }
        }
        return part;
    }

    /** Whether {@code target} can be reached from {@code from} by one or more edges. */
    private static boolean reaches(Thread from, Thread target, Map<Thread, Set<Thread>> edges) {
        Set<Thread> seen = new HashSet<>();
        Deque<Thread> todo = new ArrayDeque<>(edges.get(from));
        while (!todo.isEmpty()) {
            Thread t = todo.pop();
            if (t == target) {
                return true;
            }
            if (seen.add(t)) {
                todo.addAll(edges.getOrDefault(t, Set.of()));
            }
        }
        return false;
    }

    static Set<Set<Thread>> threadSets(List<DeadlockReport> reports) {
        Set<Set<Thread>> sets = new HashSet<>();
        for (DeadlockReport r : reports) {
            Set<Thread> threads = new HashSet<>();
            r.threads().forEach(p -> threads.add(Objects.requireNonNull(p.thread())));
            sets.add(threads);
        }
        return sets;
    }
}
