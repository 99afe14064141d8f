package io.github.signalbox.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
import io.github.signalbox.locks.ReadersWritersPolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Runs every example and checks what it prints or returns. */
class ExamplesTest {

    @Test
    void fairDemoLetsEveryThreadIn() throws Exception {
        ReadersWritersDemo.Result r =
                ReadersWritersDemo.run(ReadersWritersPolicy.FAIR, Duration.ofMillis(500));
        assertTrue(Arrays.stream(r.readerOps()).allMatch(n -> n > 0), r.toString());
        assertTrue(Arrays.stream(r.writerOps()).allMatch(n -> n > 0), r.toString());
    }

    @Test
    void priceCacheRepricesAtomically() {
        FairPriceCache cache = new FairPriceCache();
        cache.update("coffee", 100);
        cache.reprice(10);
        assertTrue(cache.price("coffee").orElseThrow() == 110);
        assertTrue(cache.price("water").isEmpty());
        assertTrue(cache.size() == 1);
    }

    @Test
    void gracefulShutdownStopsEveryWorker() throws Exception {
        assertTrue(GracefulShutdown.run(2, Duration.ofMillis(100)) > 0);
    }

    @Test
    void ticketSellersNeverOversellAndABogusRefundIsRefused() throws Exception {
        TicketSeller.Result r = TicketSeller.sell(200, 4);
        assertTrue(r.totalSold() == 200, "sold " + r.totalSold());
        assertTrue(r.refunded() == 1);
        assertTrue(r.bogusRefundRefused());
        assertTrue(r.ticketsLeft() == 0);
    }

    @Test
    void connectionPoolNeverExceedsItsLimitAndReturnsEveryPermit() throws Exception {
        ConnectionPoolLimit pool = new ConnectionPoolLimit(2);
        int ok = pool.runClients(5, 20);
        assertTrue(ok == 5 * 20 - 5, "one request per client fails in the backend: " + ok);
        assertTrue(pool.mostOpenAtOnce() <= 2, "most open " + pool.mostOpenAtOnce());
        assertTrue(pool.connections().availablePermits() == 2);
    }

    @Test
    void barrierActionMergesEveryRound() throws Exception {
        long[] totals = BarrierMerge.run(3, 4, 10);
        long n = 30;
        for (int r = 0; r < totals.length; r++) {
            assertTrue(totals[r] == (r + 1) * n * (n + 1) / 2, "round " + r + ": " + totals[r]);
        }
    }

    @Test
    void atomicCounterNeverLosesAnIncrement() throws Exception {
        RaceConditionDemo.Result r = RaceConditionDemo.run(2, 200_000);
        assertTrue(r.atomicCounter() == r.expected(), r.toString());
        assertTrue(r.plainField() <= r.expected(), r.toString()); // lost updates are likely, not certain
    }

    @Test
    void progressTrackerReportsEveryMilestone() throws Exception {
        java.util.List<String> report = ProgressTracker.run(2, 400);
        assertTrue(report.size() == 5, report.toString());
        assertTrue(report.get(3).startsWith("reached 100% (400 of 400"), report.toString());
        assertTrue(report.get(4).equals("all 2 workers finished; 400 items done"), report.toString());
    }

    @Test
    void naivePhilosophersDeadlockAndTheDetectorReportsTheCycle() throws Exception {
        DiningPhilosophers.NaiveResult r = DiningPhilosophers.naive(Duration.ofMillis(100));
        assertTrue(r.timedOut() == DiningPhilosophers.SEATS, r.toString());
        assertTrue(r.report() != null && r.report().startsWith("Potential deadlock"), r.toString());
        for (int i = 0; i < DiningPhilosophers.SEATS; i++) {
            assertTrue(r.report().contains("'fork-" + i + "'"), r.report());
        }
    }

    @Test
    void rankedLockSetAndFootmanPhilosophersAllEat() throws Exception {
        for (long[] meals : new long[][] {DiningPhilosophers.ranked(Duration.ofMillis(200)),
            DiningPhilosophers.lockSet(Duration.ofMillis(200)),
            DiningPhilosophers.footman(Duration.ofMillis(200))}) {
            assertTrue(Arrays.stream(meals).allMatch(n -> n > 0), Arrays.toString(meals));
        }
    }

    @Test
    void politeSpousesLivelockInLockStepAndEatWithRandomizedBackoff() throws Exception {
        PoliteSpouses.Result stuck = PoliteSpouses.lockStep(200);
        assertTrue(stuck.hisMeals() == 0 && stuck.herMeals() == 0 && stuck.attempts() == 400,
                stuck.toString());
        PoliteSpouses.Result cured = PoliteSpouses.randomizedBackoff(10);
        assertTrue(cured.hisMeals() == 10 && cured.herMeals() == 10, cured.toString());
    }

    @Test
    void oppositeBankTransfersConserveMoneyWithoutDeadlock() throws Exception {
        BankTransfers.Result r = BankTransfers.run(20_000);
        assertTrue(r.alice() + r.bob() == 2 * BankTransfers.OPENING_CENTS, r.toString());
        assertTrue(r.alice() == BankTransfers.OPENING_CENTS - 20_000,
                "alice sent 3 and got 2, 20000 times: " + r);
    }

    @Test
    void tourRunsEveryExampleAndSaysWhatItShows() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            Tour.main(new String[0]);
        } finally {
            System.setOut(original);
        }
        String out = buffer.toString(StandardCharsets.UTF_8);
        original.print(out);
        for (String expected : new String[] {"signalbox examples tour: 15 examples",
                "1. ReadersWritersDemo", "READER_PREFERENCE",
                "WRITER_PREFERENCE", "FAIR", "2. FairPriceCache", "coffee now 772 cents",
                "3. UpgradableCache", "100 keys loaded, each exactly once",
                "4. GracefulShutdown", "all stopped", "5. TicketSeller", "oversold: none",
                "refused with OverReleaseException", "6. ConnectionPoolLimit", "(limit 3)",
                "permits back after the run: 3 of 3", "7. BarrierMerge",
                "round 3: merged total 1501500 (correct)", "8. RaceConditionDemo",
                "AtomicCounter:    4000000 (none lost)", "9. ProgressTracker",
                "reached 100% (2000 of 2000 items)", "10. DiningPhilosophers",
                "naive:    5 of 5 philosophers starved", "Potential deadlock",
                "11. PoliteSpouses", "(livelock)", "12. BankTransfers", "total 2000000 (was 2000000)",
                "13. LicencePool", "made 15 licensed calls", "(the pool has 2 licences)",
                "14. StuckService", "Deadlocks.find(): deadlock among 2 threads",
                "none (read holds have no owner)", "holds read lock of ReadersWritersLock",
                "\"inventory\" read, queue", "15. EventLoopInventory",
                "400 requests served by one event-loop thread", "(limit 2)", "(conserved)",
                "Tour complete: 15 examples"}) {
            assertTrue(out.contains(expected), "missing '" + expected + "' in:\n" + out);
        }
    }

    @Test
    void upgradableCacheLoadsEveryKeyExactlyOnce() throws Exception {
        UpgradableCache.Result r = UpgradableCache.run(4, 50, 5_000);
        assertTrue(r.loadsPerKey().size() == 50, r.toString());
        assertTrue(r.loadsPerKey().values().stream().allMatch(n -> n == 1), r.toString());
    }

    @Test
    void eventLoopInventoryConservesStockAndRespectsTheSupplierLimit() throws Exception {
        EventLoopInventory.Result r = EventLoopInventory.run(800);
        assertTrue(r.conserved(), r.toString());
        assertTrue(r.mostSupplierCallsAtOnce() <= EventLoopInventory.SUPPLIER_LIMIT,
                r.toString());
        assertTrue(r.loopTasks() == 800, "every request ran its guarded section: " + r);
    }

    @Test
    void stuckServiceFindsTheDeadlockTheJdkCannotSeeAndRecordsTheSlowWaits() throws Exception {
        StuckService.Result r = StuckService.run();
        assertTrue(r.deadlocked().containsAll(java.util.List.of("checkout", "refund"))
                && r.deadlocked().size() == 2, r.toString());
        assertTrue(!r.jdkSawIt(), r.toString());
        assertTrue(r.slowWaitsRecorded() == 2, "two readers waited 150 ms: " + r);
    }

    @Test
    void licencePoolWorkersInSeparateProcessesNeverExceedTheBound() throws Exception {
        LicencePool.Result r = LicencePool.run(System.getProperty("surefire.test.class.path",
                System.getProperty("java.class.path")));
        assertTrue(r.calls() == LicencePool.WORKERS * LicencePool.CALLS_PER_WORKER, r.toString());
        assertTrue(r.mostInFlight() >= 1 && r.mostInFlight() <= LicencePool.LICENCES,
                r.toString());
    }
}
