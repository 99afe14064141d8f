package io.github.signalbox.stress.soak;

import io.github.signalbox.Guard;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** The shared tools of the families: random time limits, asynchronous outcomes, polling. */
final class Waits {

    private Waits() {
    }

    /** A random time limit: zero, a microsecond, up to two milliseconds. */
    static long nanos(SplittableRandom random) {
        switch (random.nextInt(3)) {
            case 0:
                return 0L;
            case 1:
                return 1_000L;
            default:
                return random.nextLong(10_000L, 2_000_000L);
        }
    }

    /**
     * Settles an asynchronous request: waits for it a random short time, and otherwise cancels
     * it (or lets orTimeout do it); returns the handle when it was granted, null when withdrawn.
     */
    static <T> T settle(CompletableFuture<T> request, SplittableRandom random, Tally tally,
            String family) throws InterruptedException {
        CompletableFuture<T> f = random.nextInt(4) == 0
                ? request.orTimeout(random.nextLong(1_000L, 1_000_000L), TimeUnit.NANOSECONDS)
                : request;
        try {
            return f.get(random.nextLong(1_000L, 2_000_000L), TimeUnit.NANOSECONDS);
        } catch (TimeoutException notYet) {
            if (request.cancel(false)) {
                tally.add(family, "async cancelled");
                return null;
            }
            if (request.isCompletedExceptionally()) {
                tally.add(family, "async timed out"); // orTimeout came first
                return null;
            }
            return request.join(); // granted meanwhile: the grant wins
        } catch (ExecutionException failed) {
            tally.add(family, "async timed out");
            return null;
        } catch (InterruptedException e) {
            if (!request.cancel(false) && !request.isCompletedExceptionally()) {
                T granted = request.join();
                close(granted);
            }
            throw e;
        }
    }

    static void close(Object handle) {
        if (handle instanceof Guard) {
            ((Guard) handle).close();
        }
    }

    /** Polls {@code ok} for up to five seconds; adds {@code violation} if it never holds. */
    static void expect(List<String> violations, String violation, BooleanSupplier ok) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!ok.getAsBoolean()) {
            if (System.nanoTime() - end > 0) {
                violations.add(violation);
                return;
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    static List<String> list() {
        return new ArrayList<>();
    }
}
