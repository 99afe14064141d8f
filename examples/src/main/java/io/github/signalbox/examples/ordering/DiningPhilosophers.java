package io.github.signalbox.examples.ordering;

import io.github.signalbox.Guard;
import io.github.signalbox.ordering.LockOrdering;
import io.github.signalbox.ordering.LockSet;
import io.github.signalbox.ordering.OrderedLock;
import io.github.signalbox.ordering.OrderingPolicies;
import io.github.signalbox.ordering.OrderingPolicy;
import io.github.signalbox.semaphores.BoundedSemaphore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Dining philosophers, four ways. Five philosophers sit at a round table with one fork between
 * each pair; to eat, a philosopher needs both neighbouring forks.
 * <ul>
 *   <li><b>Naive</b>: everyone picks up the left fork, then the right one. When all five hold
 *       their left fork at once, each waits for a neighbour forever: a circular wait. The demo
 *       forces that moment, waits for the right fork with a timeout (so the program does not
 *       hang), and shows the {@link LockOrdering} detector reporting the cycle.</li>
 *   <li><b>Ranked</b>: forks are ranked by their number and everyone takes the lower-numbered
 *       fork first, so the last philosopher reaches for the right fork first and the circle is
 *       broken (Dijkstra's resource hierarchy).</li>
 *   <li><b>LockSet</b>: each philosopher takes {@code LockSet.of(left, right)}, which acquires the
 *       two forks in one canonical order; no thought needed.</li>
 *   <li><b>Footman</b>: a {@link BoundedSemaphore} lets at most four philosophers sit down at
 *       once, so at least one of them can always get both forks.</li>
 * </ul>
 *
 * <p>Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.ordering.DiningPhilosophers [millis per way]}.
 */
public final class DiningPhilosophers {

    /** The number of philosophers (and forks). */
    public static final int SEATS = 5;

    private DiningPhilosophers() {
    }

    /** How the naive table ended: philosophers who timed out, and the detector's report. */
    public record NaiveResult(int timedOut, String report) {
    }

    /**
     * Runs the naive table once, forcing the moment where every philosopher holds the left fork.
     * The forks belong to a checked {@link LockOrdering} whose policy keeps the first report and
     * lets the acquisition go ahead (like WARN), so the deadlock really happens and is broken
     * only by the timeout.
     */
    public static NaiveResult naive(Duration patience) throws InterruptedException {
        AtomicReference<String> report = new AtomicReference<>();
        OrderingPolicy keepFirstReport = violation -> report.compareAndSet(null,
                violation.getMessage());
        LockOrdering ordering = new LockOrdering(keepFirstReport);
        OrderedLock[] forks = forks(ordering, false);
        CountDownLatch allHoldLeft = new CountDownLatch(SEATS);
        CountDownLatch allGaveUp = new CountDownLatch(SEATS);
        int[] timedOut = new int[1];
        runPhilosophers(p -> {
            OrderedLock left = forks[p];
            OrderedLock right = forks[(p + 1) % SEATS];
            try (Guard l = left.hold()) {
                allHoldLeft.countDown();
                allHoldLeft.await(); // the unlucky moment, made certain
                try (Guard r = right.hold(patience)) {
                    throw new IllegalStateException("philosopher " + p + " got both forks");
                } catch (TimeoutException stuck) {
                    synchronized (timedOut) {
                        timedOut[0]++;
                    }
                }
                allGaveUp.countDown();
                allGaveUp.await(); // nobody puts a fork down before everyone has given up
            }
        });
        return new NaiveResult(timedOut[0], report.get());
    }

    /** Eats for {@code duration} with ranked forks, lower rank first; returns meals per seat. */
    public static long[] ranked(Duration duration) throws InterruptedException {
        OrderedLock[] forks = forks(new LockOrdering(OrderingPolicies.THROW), true);
        return dine(duration, p -> {
            OrderedLock a = forks[p];
            OrderedLock b = forks[(p + 1) % SEATS];
            OrderedLock first = a.rank().getAsInt() < b.rank().getAsInt() ? a : b;
            OrderedLock second = first == a ? b : a;
            try (Guard f = first.hold(); Guard s = second.hold()) {
                return true; // eating
            }
        });
    }

    /** Eats for {@code duration}, taking both forks as one {@link LockSet}; meals per seat. */
    public static long[] lockSet(Duration duration) throws InterruptedException {
        OrderedLock[] forks = forks(new LockOrdering(OrderingPolicies.THROW), false);
        LockSet[] places = new LockSet[SEATS];
        for (int p = 0; p < SEATS; p++) {
            places[p] = LockSet.of(forks[p], forks[(p + 1) % SEATS]); // left, then right: sorted
        }
        return dine(duration, p -> {
            try (Guard both = places[p].hold()) {
                return true;
            }
        });
    }

    /** Eats for {@code duration} with a footman seating at most four; meals per seat. */
    public static long[] footman(Duration duration) throws InterruptedException {
        OrderedLock[] forks = forks(new LockOrdering(OrderingPolicies.DISABLED), false);
        BoundedSemaphore seats = new BoundedSemaphore(SEATS - 1);
        return dine(duration, p -> {
            seats.acquireUninterruptibly();
            try (Guard l = forks[p].hold(); Guard r = forks[(p + 1) % SEATS].hold()) {
                return true; // naive order, but never five at the table
            } finally {
                seats.release();
            }
        });
    }

    private static OrderedLock[] forks(LockOrdering ordering, boolean ranked) {
        OrderedLock[] forks = new OrderedLock[SEATS];
        for (int i = 0; i < SEATS; i++) {
            forks[i] = ranked ? ordering.newLock("fork-" + i, i) : ordering.newLock("fork-" + i);
        }
        return forks;
    }

    /** One meal by philosopher {@code p}; returns whether it ate. */
    private interface Meal {
        boolean eat(int p) throws Exception;
    }

    private interface Seat {
        void run(int p) throws Exception;
    }

    private static long[] dine(Duration duration, Meal meal) throws InterruptedException {
        long[] meals = new long[SEATS];
        long end = System.nanoTime() + duration.toNanos();
        runPhilosophers(p -> {
            long eaten = 0;
            while (System.nanoTime() - end < 0) {
                if (meal.eat(p)) {
                    eaten++;
                }
            }
            meals[p] = eaten; // published by the join in runPhilosophers
        });
        return meals;
    }

    private static void runPhilosophers(Seat seat) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        for (int p = 0; p < SEATS; p++) {
            int philosopher = p;
            Thread t = new Thread(() -> {
                try {
                    seat.run(philosopher);
                } catch (Exception | Error e) {
                    synchronized (failures) {
                        failures.add(e);
                    }
                }
            }, "philosopher-" + p);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join(TimeUnit.MINUTES.toMillis(1));
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a philosopher failed", failures.get(0));
        }
    }

    public static void main(String[] args) throws Exception {
        Duration each = Duration.ofMillis(args.length > 0 ? Long.parseLong(args[0]) : 300);
        NaiveResult naive = naive(Duration.ofMillis(200));
        System.out.println("naive:    " + naive.timedOut() + " of " + SEATS
                + " philosophers starved holding their left fork (deadlock, broken by a timeout)");
        if (naive.report() == null) {
            System.out.println("          the detector said nothing");
        } else {
            System.out.println("          the detector said:");
            naive.report().lines().forEach(line -> System.out.println("            " + line));
        }
        System.out.println("ranked:   meals per philosopher " + Arrays.toString(ranked(each)));
        System.out.println("LockSet:  meals per philosopher " + Arrays.toString(lockSet(each)));
        System.out.println("footman:  meals per philosopher " + Arrays.toString(footman(each)));
    }
}
