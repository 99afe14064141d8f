package io.github.signalbox.examples;

import io.github.signalbox.examples.barriers.BarrierMerge;
import io.github.signalbox.examples.counters.ProgressTracker;
import io.github.signalbox.examples.counters.RaceConditionDemo;
import io.github.signalbox.examples.async.EventLoopInventory;
import io.github.signalbox.examples.diagnostics.StuckService;
import io.github.signalbox.examples.events.GracefulShutdown;
import io.github.signalbox.examples.locks.FairPriceCache;
import io.github.signalbox.examples.locks.ReadersWritersDemo;
import io.github.signalbox.examples.locks.UpgradableCache;
import io.github.signalbox.examples.ordering.BankTransfers;
import io.github.signalbox.examples.ordering.DiningPhilosophers;
import io.github.signalbox.examples.ordering.PoliteSpouses;
import io.github.signalbox.examples.semaphores.ConnectionPoolLimit;
import io.github.signalbox.examples.semaphores.TicketSeller;
import io.github.signalbox.examples.zookeeper.LicencePool;
import java.util.List;

/**
 * The examples tour: lists every example with one line saying what it shows, then runs each
 * briefly under that line. Run: {@code java -jar examples/target/examples.jar}.
 */
public final class Tour {

    /** One stop of the tour: the example, what it shows, and how to run it briefly. */
    private record Stop(String name, String shows, Example run) {
    }

    @FunctionalInterface
    private interface Example {
        void run() throws Exception;
    }

    private static final List<Stop> STOPS = List.of(
            new Stop("ReadersWritersDemo", "the classic 3-reader/2-writer experiment under each"
                    + " policy; reader preference starves writers, FAIR serves everybody.",
                    () -> ReadersWritersDemo.main(new String[] {"1"})),
            new Stop("FairPriceCache", "a copyable read-mostly cache guarded by a FAIR lock with"
                    + " try-with-resources guards.", () -> FairPriceCache.main(new String[0])),
            new Stop("UpgradableCache", "a cache that checks under an upgradable read and fills a"
                    + " missing entry after upgrading; every entry is loaded exactly once.",
                    () -> UpgradableCache.main(new String[0])),
            new Stop("GracefulShutdown", "worker threads stop cleanly when an Event is set.",
                    () -> GracefulShutdown.main(new String[0])),
            new Stop("TicketSeller", "sellers share a bounded pool of tickets; nothing is oversold"
                    + " and a bogus refund is refused.", () -> TicketSeller.main(new String[0])),
            new Stop("ConnectionPoolLimit", "at most 3 concurrent connections, each held by a"
                    + " try-with-resources permit.", () -> ConnectionPoolLimit.main(new String[0])),
            new Stop("BarrierMerge", "workers meet at a Barrier whose action merges their partial"
                    + " results every round.", () -> BarrierMerge.main(new String[0])),
            new Stop("RaceConditionDemo", "threads incrementing a plain field lose updates; an"
                    + " AtomicCounter never does.", () -> RaceConditionDemo.main(new String[0])),
            new Stop("ProgressTracker", "a coordinator waits for milestones of a counter (no"
                    + " polling) and for a WaitGroup of workers.",
                    () -> ProgressTracker.main(new String[0])),
            new Stop("DiningPhilosophers", "the naive table deadlocks (caught by a timeout and"
                    + " reported by the detector); ranked forks, a LockSet and a footman all eat.",
                    () -> DiningPhilosophers.main(new String[] {"200"})),
            new Stop("PoliteSpouses", "retrying in lock step is a livelock; randomized backoff"
                    + " cures it.", () -> PoliteSpouses.main(new String[0])),
            new Stop("BankTransfers", "opposite transfers between two accounts never deadlock"
                    + " with a LockSet.", () -> BankTransfers.main(new String[0])),
            new Stop("LicencePool", "three worker processes share 2 licences through a bounded"
                    + " semaphore on an embedded ZooKeeper; never more than 2 calls at once.",
                    () -> LicencePool.main(new String[0])),
            new Stop("StuckService", "what is this service stuck on? Deadlocks.find() names a"
                    + " read/write deadlock the JDK cannot see; JFR shows a slow writer's queue.",
                    () -> StuckService.main(new String[0])),
            new Stop("EventLoopInventory", "one event-loop thread guards shared state with"
                    + " readAsync/writeAsync and limits supplier calls with acquireAsync, never"
                    + " blocking.", () -> EventLoopInventory.main(new String[0])));

    private Tour() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("signalbox examples tour: " + STOPS.size() + " examples, each a"
                + " program you can copy from examples/src/main/java");
        System.out.println();
        for (int i = 0; i < STOPS.size(); i++) {
            System.out.printf("  %2d. %-20s %s%n", i + 1, STOPS.get(i).name(), STOPS.get(i).shows());
        }
        for (int i = 0; i < STOPS.size(); i++) {
            Stop stop = STOPS.get(i);
            System.out.println();
            System.out.println((i + 1) + ". " + stop.name() + ": " + stop.shows());
            stop.run().run();
        }
        System.out.println();
        System.out.println("Tour complete: " + STOPS.size() + " examples ran.");
    }
}
