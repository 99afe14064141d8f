package io.github.signalbox.examples;

import io.github.signalbox.examples.barriers.BarrierMerge;
import io.github.signalbox.examples.counters.ProgressTracker;
import io.github.signalbox.examples.counters.RaceConditionDemo;
import io.github.signalbox.examples.events.GracefulShutdown;
import io.github.signalbox.examples.locks.FairPriceCache;
import io.github.signalbox.examples.locks.ReadersWritersDemo;
import io.github.signalbox.examples.ordering.BankTransfers;
import io.github.signalbox.examples.ordering.DiningPhilosophers;
import io.github.signalbox.examples.ordering.PoliteSpouses;
import io.github.signalbox.examples.semaphores.ConnectionPoolLimit;
import io.github.signalbox.examples.semaphores.TicketSeller;

/**
 * The examples tour: runs every example briefly, each introduced by one line saying what it
 * shows. Run: {@code java -jar examples/target/examples.jar}.
 */
public final class Tour {

    private Tour() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("signalbox examples tour");
        System.out.println();
        System.out.println("1. ReadersWritersDemo: the classic 3-reader/2-writer experiment under each"
                + " policy; reader preference starves writers, FAIR serves everybody.");
        ReadersWritersDemo.main(new String[] {"1"});
        System.out.println();
        System.out.println("2. FairPriceCache: a copyable read-mostly cache guarded by a FAIR lock"
                + " with try-with-resources guards.");
        FairPriceCache.main(new String[0]);
        System.out.println();
        System.out.println("3. GracefulShutdown: worker threads stop cleanly when an Event is set.");
        GracefulShutdown.main(new String[0]);
        System.out.println();
        System.out.println("4. TicketSeller: sellers share a bounded pool of tickets; nothing is"
                + " oversold and a bogus refund is refused.");
        TicketSeller.main(new String[0]);
        System.out.println();
        System.out.println("5. ConnectionPoolLimit: at most 3 concurrent connections, each held by a"
                + " try-with-resources permit.");
        ConnectionPoolLimit.main(new String[0]);
        System.out.println();
        System.out.println("6. BarrierMerge: workers meet at a Barrier whose action merges their"
                + " partial results every round.");
        BarrierMerge.main(new String[0]);
        System.out.println();
        System.out.println("7. RaceConditionDemo: threads incrementing a plain field lose updates;"
                + " an AtomicCounter never does.");
        RaceConditionDemo.main(new String[0]);
        System.out.println();
        System.out.println("8. ProgressTracker: a coordinator waits for milestones of a counter"
                + " (no polling) and for a WaitGroup of workers.");
        ProgressTracker.main(new String[0]);
        System.out.println();
        System.out.println("9. DiningPhilosophers: the naive table deadlocks (caught by a timeout and"
                + " reported by the detector); ranked forks, a LockSet and a footman all eat.");
        DiningPhilosophers.main(new String[] {"200"});
        System.out.println();
        System.out.println("10. PoliteSpouses: retrying in lock step is a livelock; randomized"
                + " backoff cures it.");
        PoliteSpouses.main(new String[0]);
        System.out.println();
        System.out.println("11. BankTransfers: opposite transfers between two accounts never"
                + " deadlock with a LockSet.");
        BankTransfers.main(new String[0]);
        System.out.println();
        System.out.println("Tour complete: 11 examples ran.");
    }
}
