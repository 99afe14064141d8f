package io.github.signalbox.examples.semaphores;

import io.github.signalbox.semaphores.BoundedSemaphore;
import io.github.signalbox.semaphores.OverReleaseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The ticket seller: several sellers sell from one shared, bounded pool of tickets. Each ticket
 * is a permit of a {@link BoundedSemaphore} whose bound is the venue's capacity: selling takes a
 * permit without waiting, a refund gives one back. However the sellers interleave, no ticket is
 * sold twice, and a refund while every ticket is still unsold (a refund of a ticket that was
 * never sold) is refused instead of silently growing the venue.
 *
 * <p>Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.semaphores.TicketSeller}.
 */
public final class TicketSeller {

    private TicketSeller() {
    }

    /** What the sale produced. */
    public record Result(int capacity, int[] soldBySeller, int refunded, boolean bogusRefundRefused,
            int ticketsLeft) {
        /** @return tickets sold in all, after refunds were resold */
        public int totalSold() {
            return Arrays.stream(soldBySeller).sum() - refunded;
        }
    }

    /** Sells {@code capacity} tickets through {@code sellers} threads; one refund along the way. */
    public static Result sell(int capacity, int sellers) throws InterruptedException {
        BoundedSemaphore tickets = new BoundedSemaphore(capacity);
        boolean refused = false;
        try {
            tickets.release(); // a refund before anything was sold: the bug class it catches
        } catch (OverReleaseException expected) {
            refused = true; // a plain Semaphore would now hold capacity + 1 tickets
        }
        int[] sold = new int[sellers];
        AtomicBoolean refundGiven = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        CountDownLatch open = new CountDownLatch(1);
        for (int s = 0; s < sellers; s++) {
            int seller = s;
            Thread t = new Thread(() -> {
                awaitOpening(open);
                while (tickets.tryAcquire()) { // take a ticket if any is left, never wait
                    sold[seller]++;
                    printTicket();
                    if (refundGiven.compareAndSet(false, true)) {
                        tickets.release(); // the very first customer asks for a refund
                    }
                }
            }, "seller-" + s);
            threads.add(t);
            t.start();
        }
        open.countDown(); // all sellers start together
        for (Thread t : threads) {
            t.join();
        }
        return new Result(capacity, sold, refundGiven.get() ? 1 : 0, refused, tickets.availablePermits());
    }

    private static void awaitOpening(CountDownLatch open) {
        try {
            open.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stands for the work of a sale (about 20 microseconds). */
    private static void printTicket() {
        long end = System.nanoTime() + 20_000;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    public static void main(String[] args) throws InterruptedException {
        Result r = sell(100, 4);
        StringBuilder perSeller = new StringBuilder();
        for (int s = 0; s < r.soldBySeller().length; s++) {
            perSeller.append(s == 0 ? "" : ", ").append("seller-").append(s).append('=')
                    .append(r.soldBySeller()[s]);
        }
        int sales = Arrays.stream(r.soldBySeller()).sum();
        System.out.println("  " + sales + " sales by the sellers (" + perSeller + "): "
                + r.capacity() + " tickets plus " + r.refunded() + " refunded ticket sold again;"
                + " tickets held by customers now: " + r.totalSold() + " of " + r.capacity());
        System.out.println("  oversold: " + (r.totalSold() > r.capacity() ? "YES" : "none")
                + ", tickets left: " + r.ticketsLeft());
        System.out.println("  refund of a ticket never sold: "
                + (r.bogusRefundRefused() ? "refused with OverReleaseException" : "ACCEPTED"));
    }
}
