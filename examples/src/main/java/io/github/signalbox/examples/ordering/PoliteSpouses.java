package io.github.signalbox.examples.ordering;

import io.github.signalbox.barriers.Barrier;
import io.github.signalbox.ordering.Backoff;
import io.github.signalbox.ordering.LockOrdering;
import io.github.signalbox.ordering.OrderedLock;
import io.github.signalbox.ordering.OrderingPolicies;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * The polite spouses: a livelock and its cure. Two spouses share a fork and a knife and both are
 * hungry. He reaches for the fork first, she for the knife; whoever cannot get the second utensil
 * politely puts the first one back and tries again. Nobody is blocked, yet if they retry in lock
 * step — both waiting the same polite moment — they collide forever and nobody eats: a livelock.
 * The demo makes the lock step exact with a 2-party {@link Barrier} (the polite moment). Then
 * each spouse still pauses while reaching for the second utensil, so collisions keep happening,
 * but waits a random, growing time ({@link Backoff}) before retrying: the retries drift apart and
 * both spouses eat.
 *
 * <p>(Taking both utensils through a {@link io.github.signalbox.ordering.LockSet} avoids the
 * problem altogether; backoff is for the retry loops that remain, e.g. around try-locks of
 * resources that have no common order.)
 *
 * <p>Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.ordering.PoliteSpouses}.
 */
public final class PoliteSpouses {

    private PoliteSpouses() {
    }

    /** Attempts made and meals eaten by each spouse. */
    public record Result(int attempts, int hisMeals, int herMeals) {
    }

    /** What a spouse does after a failed attempt, before the next one. */
    private interface Pause {
        void pause() throws InterruptedException, BrokenBarrierException, TimeoutException;
    }

    /** Both spouses retry in exact lock step: {@code rounds} attempts each. */
    public static Result lockStep(int rounds) throws InterruptedException {
        Barrier politeMoment = new Barrier(2);
        Pause together = () -> politeMoment.await(Duration.ofSeconds(30)); // never hang the demo
        return dine(rounds, 1, together, together, together, together);
    }

    /** Both spouses back off for a random, growing time; each stops after {@code meals} meals. */
    public static Result randomizedBackoff(int meals) throws InterruptedException {
        Backoff his = Backoff.randomized(Duration.ofNanos(1_000), Duration.ofMillis(1));
        Backoff hers = Backoff.randomized(Duration.ofNanos(1_000), Duration.ofMillis(1));
        Pause reach = () -> LockSupport.parkNanos(20_000); // a moment to reach: collisions happen
        return dine(Integer.MAX_VALUE, meals, reach, his::pause, reach, hers::pause);
    }

    private static Result dine(int maxAttempts, int mealsWanted, Pause hisHolding,
            Pause hisRetry, Pause herHolding, Pause herRetry) throws InterruptedException {
        LockOrdering unchecked = new LockOrdering(OrderingPolicies.DISABLED);
        OrderedLock fork = unchecked.newLock("fork");
        OrderedLock knife = unchecked.newLock("knife");
        int[] attempts = new int[2];
        int[] meals = new int[2];
        Thread him = spouse(0, fork, knife, maxAttempts, mealsWanted, hisHolding, hisRetry,
                attempts, meals);
        Thread her = spouse(1, knife, fork, maxAttempts, mealsWanted, herHolding, herRetry,
                attempts, meals);
        him.join();
        her.join();
        return new Result(attempts[0] + attempts[1], meals[0], meals[1]);
    }

    private static Thread spouse(int who, OrderedLock first, OrderedLock second, int maxAttempts,
            int mealsWanted, Pause whileHolding, Pause beforeRetry, int[] attempts, int[] meals) {
        Thread t = new Thread(() -> {
            try {
                while (attempts[who] < maxAttempts && meals[who] < mealsWanted) {
                    attempts[who]++;
                    first.lock();
                    boolean ate = false;
                    try {
                        whileHolding.pause(); // in lock step: the other holds its first one too
                        if (second.tryLock()) {
                            try {
                                meals[who]++;
                                ate = true;
                            } finally {
                                second.unlock();
                            }
                        }
                        whileHolding.pause(); // and has tried its second one too
                    } finally {
                        first.unlock(); // "after you"
                    }
                    if (!ate) {
                        beforeRetry.pause();
                    }
                }
            } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                throw new IllegalStateException(e);
            }
        }, who == 0 ? "him" : "her");
        t.start();
        return t;
    }

    public static void main(String[] args) throws Exception {
        Result stuck = lockStep(1_000);
        System.out.println("lock step:          " + stuck.attempts() + " polite attempts, meals: him "
                + stuck.hisMeals() + ", her " + stuck.herMeals() + " (livelock)");
        Result cured = randomizedBackoff(20);
        System.out.println("randomized backoff: " + cured.attempts() + " attempts, meals: him "
                + cured.hisMeals() + ", her " + cured.herMeals());
    }
}
