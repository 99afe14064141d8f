package io.github.signalbox.locks;

import static io.github.signalbox.TestThreads.awaitParked;
import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.Guard;
import io.github.signalbox.TestThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * readAsync()/writeAsync(): immediate and queued grants, one queue with waiting threads under
 * each policy, where completions run, handle-owned holds, withdrawal however the future
 * completes, and misuse.
 */
class AsyncLockTest {

    private static final long LONG = TestThreads.LONG_DELAY_MS;

    private static boolean otherThreadCanWrite(ReadersWritersLock lock)
            throws InterruptedException {
        boolean[] got = new boolean[1];
        Thread t = new Thread(() -> {
            if (lock.writeLock().tryLock()) {
                got[0] = true;
                lock.writeLock().unlock();
            }
        });
        t.start();
        t.join();
        return got[0];
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void freeLockGrantsAtOnceAndTheHoldBelongsToTheGuard(ReadersWritersPolicy policy)
            throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        CompletableFuture<Guard> read = lock.readAsync();
        assertTrue(read.isDone());
        Guard r = read.join();
        assertEquals(1, lock.getReadLockCount());
        assertEquals(0, lock.getReadHoldCount(), "no thread owns an async hold");
        assertFalse(otherThreadCanWrite(lock));
        Thread closer = new Thread(r::close); // any thread may close it
        closer.start();
        closer.join();
        assertEquals(0, lock.getReadLockCount());
        r.close(); // a second close does nothing
        assertEquals(0, lock.getReadLockCount());

        Guard w = lock.writeAsync().join();
        assertTrue(lock.isWriteLocked());
        assertFalse(lock.isWriteLockedByCurrentThread());
        assertEquals(0, lock.getWriteHoldCount());
        assertFalse(lock.tryRead().isPresent());
        assertTrue(lock.toString().contains("writer=async"), lock.toString());
        assertThrows(IllegalMonitorStateException.class, () -> lock.writeLock().unlock());
        assertTrue(lock.isWriteLocked(), "a failed unlock changed nothing");
        w.close();
        assertFalse(lock.isWriteLocked());
        assertTrue(otherThreadCanWrite(lock));
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void asyncReadersShareAndExcludeWriters(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        Guard a = lock.readAsync().join();
        Guard b = lock.readAsync().join();
        try (Guard mine = lock.read()) {
            assertEquals(3, lock.getReadLockCount());
        }
        CompletableFuture<Guard> w = lock.writeAsync();
        assertFalse(w.isDone());
        assertEquals(1, lock.getQueuedWriterCount());
        a.close();
        assertFalse(w.isDone());
        b.close();
        assertTrue(w.isDone(), "the last reader out hands the lock to the queued request");
        w.join().close();
        assertFalse(lock.isWriteLocked());
    }

    /** FAIR: blocking and asynchronous requests are served in one arrival order. */
    @Test
    void fairServesThreadsAndFuturesInOneArrivalOrder() throws Exception {
        ReadersWritersLock lock = ReadersWritersLock.fair();
        List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();
        Guard first = lock.writeAsync().join();
        try (TestThreads threads = new TestThreads()) {
            CountDownLatch release = new CountDownLatch(1);
            Thread w1 = threads.start("W1", () -> {
                try (Guard g = lock.write()) {
                    order.add("W1");
                    release.await();
                }
            });
            awaitTrue("W1 queued", () -> lock.getQueuedWriterCount() == 1);
            CompletableFuture<Guard> r2 = lock.readAsync();
            r2.thenAccept(g -> order.add("R2"));
            CompletableFuture<Guard> w3 = lock.writeAsync();
            w3.thenAccept(g -> order.add("W3"));
            Thread r4 = threads.start("R4", () -> {
                try (Guard g = lock.read()) {
                    order.add("R4");
                }
            });
            awaitTrue("R4 queued", () -> lock.getQueueLength() == 4);
            first.close();
            awaitTrue("W1 in", () -> order.contains("W1"));
            assertEquals(List.of("W1"), order);
            release.countDown();
            w1.join(LONG);
            assertEquals(List.of("W1", "R2"), order, "R2 waits for W1, W3 for R2");
            r2.join().close();
            assertEquals(List.of("W1", "R2", "W3"), order);
            awaitParked(r4);
            assertEquals(1, lock.getQueuedReaderCount(), "R4 waits behind W3");
            w3.join().close();
            r4.join(LONG);
            assertEquals(List.of("W1", "R2", "W3", "R4"), order);
        }
        assertEquals(0, lock.getQueueLength());
        assertFalse(lock.isWriteLocked());
    }

    /** WRITER_PREFERENCE: a queued async writer stops new readers, blocking or not. */
    @Test
    void writerPreferenceQueuedAsyncWriterStopsNewReaders() throws Exception {
        ReadersWritersLock lock = ReadersWritersLock.writerPreference();
        Guard reading = lock.readAsync().join();
        CompletableFuture<Guard> w = lock.writeAsync();
        CompletableFuture<Guard> r = lock.readAsync();
        assertFalse(r.isDone(), "a waiting writer stops new readers");
        assertFalse(lock.tryRead().isPresent());
        reading.close();
        assertTrue(w.isDone());
        assertFalse(r.isDone());
        w.join().close();
        assertTrue(r.isDone());
        r.join().close();
    }

    /** READER_PREFERENCE: async readers pass a queued async writer; the writer gets in later. */
    @Test
    void readerPreferenceReadersPassAQueuedAsyncWriter() {
        ReadersWritersLock lock = ReadersWritersLock.readerPreference();
        Guard reading = lock.readAsync().join();
        CompletableFuture<Guard> w = lock.writeAsync();
        CompletableFuture<Guard> r = lock.readAsync();
        assertTrue(r.isDone(), "readers are preferred");
        reading.close();
        assertFalse(w.isDone());
        r.join().close();
        assertTrue(w.isDone(), "the last reader out serves the waiting writer");
        w.join().close();
    }

    @Test
    void completesOnTheReleasingThreadOrOnTheGivenExecutor() throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock();
        Guard held = lock.writeAsync().join();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        CompletableFuture<Guard> queued = lock.readAsync();
        queued.thenAccept(g -> ranOn.set(Thread.currentThread()));
        Thread releaser = new Thread(held::close, "releaser");
        releaser.start();
        releaser.join();
        assertSame(releaser, ranOn.get());
        queued.join().close();

        ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "loop"));
        try {
            held = lock.writeAsync().join();
            CompletableFuture<Guard> viaLoop = lock.writeAsync(loop);
            CompletableFuture<String> where =
                    viaLoop.thenApply(g -> Thread.currentThread().getName());
            held.close();
            assertEquals("loop", where.get(LONG, TimeUnit.MILLISECONDS));
            viaLoop.join().close();
            // granted at once: completed before the call returns, on the caller's thread
            assertTrue(lock.readAsync(loop).join() != null);
        } finally {
            loop.shutdownNow();
        }
    }

    @Test
    void aRejectingExecutorReleasesTheGrantAndFailsTheFuture() {
        ReadersWritersLock lock = new ReadersWritersLock();
        Guard held = lock.writeAsync().join();
        CompletableFuture<Guard> f = lock.writeAsync(task -> {
            throw new RejectedExecutionException("shut down");
        });
        held.close();
        assertTrue(f.isCompletedExceptionally());
        assertFalse(lock.isWriteLocked(), "the grant was released again");
        assertEquals(0, lock.getQueueLength());
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void cancelTimeoutOrForeignCompletionWithdrawsTheRequest(ReadersWritersPolicy policy)
            throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        Guard held = lock.writeAsync().join();
        CompletableFuture<Guard> cancelled = lock.writeAsync();
        CompletableFuture<Guard> completedByCaller = lock.writeAsync();
        CompletableFuture<Guard> failedByCaller = lock.readAsync();
        assertEquals(3, lock.getQueueLength());
        CompletableFuture<Guard> timedOut = lock.readAsync().orTimeout(1, TimeUnit.MILLISECONDS);
        assertTrue(cancelled.cancel(false));
        assertTrue(completedByCaller.complete(null));
        assertTrue(failedByCaller.completeExceptionally(new IllegalStateException("gave up")));
        awaitTrue("the timeout fired", timedOut::isDone);
        assertThrows(java.util.concurrent.CompletionException.class, timedOut::join);
        assertTrue(timedOut.handle((g, e) -> e).join() instanceof TimeoutException);
        // the timer thread withdraws the timed-out request right after completing its future
        awaitTrue("no registration outlives its future", () -> lock.getQueueLength() == 0);
        held.close();
        assertFalse(lock.isWriteLocked());
        assertEquals(0, lock.getReadLockCount(), "no grant went to a finished future");
        assertTrue(otherThreadCanWrite(lock));
    }

    /** A withdrawn request at the head lets the ones behind it in (FAIR: a reader). */
    @Test
    void withdrawingTheHeadServesTheRequestsBehindIt() throws Exception {
        ReadersWritersLock lock = ReadersWritersLock.fair();
        Guard reading = lock.readAsync().join();
        CompletableFuture<Guard> writer = lock.writeAsync();
        try (TestThreads threads = new TestThreads()) {
            CountDownLatch in = new CountDownLatch(1);
            Thread reader = threads.start("R", () -> {
                try (Guard g = lock.read()) {
                    in.countDown();
                }
            });
            awaitParked(reader);
            assertEquals(1, lock.getQueuedReaderCount(), "R waits behind the async writer");
            writer.cancel(false);
            assertTrue(in.await(LONG, TimeUnit.MILLISECONDS));
        }
        reading.close();
        assertEquals(0, lock.getQueueLength());
    }

    /** A grant that meets a cancelled future is released again: nothing is lost. */
    @Test
    void grantRacingCancelNeverLosesTheLock() throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock();
        for (int i = 0; i < 2_000; i++) {
            Guard held = lock.writeAsync().join();
            CompletableFuture<Guard> f = i % 2 == 0 ? lock.writeAsync() : lock.readAsync();
            Thread canceller = new Thread(() -> f.cancel(false));
            canceller.start();
            held.close();
            canceller.join();
            if (!f.isCancelled()) {
                f.join().close();
            }
            assertFalse(lock.isWriteLocked(), "iteration " + i);
            assertEquals(0, lock.getReadLockCount(), "iteration " + i);
            assertEquals(0, lock.getQueueLength(), "iteration " + i);
        }
    }

    /** Waiting for this lock inside the completion of one's own async hold fails, not hangs. */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void blockingInsideTheCompletionOfAnAsyncHoldFails(ReadersWritersPolicy policy) {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        Guard held = lock.writeAsync().join();
        List<Throwable> seen = new ArrayList<>();
        CompletableFuture<Guard> w = lock.writeAsync();
        w.thenAccept(g -> {
            seen.add(assertThrows(IllegalStateException.class, lock::write));
            seen.add(assertThrows(IllegalStateException.class, lock::read));
            seen.add(assertThrows(IllegalStateException.class, lock::upgradable));
            assertFalse(lock.tryWrite().isPresent(), "no-wait forms just answer");
            g.close();
            lock.write().close(); // once closed, waiting is fine again
        });
        CompletableFuture<Guard> r = lock.readAsync();
        r.thenAccept(g -> {
            seen.add(assertThrows(IllegalStateException.class, lock::write));
            g.close();
        });
        held.close();
        assertTrue(w.isDone() && r.isDone());
        assertEquals(4, seen.size(), seen.toString());
        assertTrue(seen.stream().anyMatch(e -> e.getMessage().contains("its async write hold")),
                seen.toString());
        assertTrue(seen.stream().anyMatch(e -> e.getMessage().contains("its async read hold")),
                seen.toString());
        assertFalse(lock.isWriteLocked());
        assertEquals(0, lock.getReadLockCount());
        assertEquals(0, lock.getQueueLength(), "the refused waits left no trace");
    }

    @Test
    void nullExecutorIsRejected() {
        ReadersWritersLock lock = new ReadersWritersLock();
        assertThrows(NullPointerException.class, () -> lock.readAsync(null));
        assertThrows(NullPointerException.class, () -> lock.writeAsync(null));
        assertEquals(0, lock.getQueueLength());
    }

    /**
     * 100,000 asynchronous requests on one lock, each closing its guard in its callback: all are
     * served, on the releasing thread, with a flat stack, and nothing stays registered.
     */
    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void hundredThousandAsyncWaitersCompleteWithoutBlockingAndLeaveNothing(
            ReadersWritersPolicy policy) {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        int n = 100_000;
        Guard held = lock.writeAsync().join();
        int[] served = new int[1];
        List<CompletableFuture<Void>> done = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            CompletableFuture<Guard> f = i % 3 == 0 ? lock.writeAsync() : lock.readAsync();
            done.add(f.thenAccept(g -> {
                served[0]++; // every completion runs on this thread: no race
                g.close();
            }));
        }
        assertEquals(n, lock.getQueueLength());
        held.close();
        assertEquals(n, served[0]);
        for (CompletableFuture<Void> d : done) {
            assertTrue(d.isDone() && !d.isCompletedExceptionally());
        }
        assertEquals(0, lock.getQueueLength());
        assertFalse(lock.isWriteLocked());
        assertEquals(0, lock.getReadLockCount());

        held = lock.writeAsync().join();
        List<CompletableFuture<Guard>> cancelled = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            cancelled.add(i % 2 == 0 ? lock.writeAsync() : lock.readAsync());
        }
        for (CompletableFuture<Guard> f : cancelled) {
            f.cancel(false);
        }
        assertEquals(0, lock.getQueueLength(), "cancelled requests leave no registration");
        held.close();
        assertTrue(lock.tryWrite().isPresent());
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void asyncUpgradableCoexistsWithReadersAndUpgradesWithNoWriterInBetween(
            ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        Guard reader = lock.readAsync().join();
        AsyncUpgradableGuard u = lock.upgradableAsync().join();
        assertTrue(lock.isUpgradableLocked());
        assertFalse(lock.isUpgradableLockedByCurrentThread(), "held by the guard, not a thread");
        assertTrue(lock.toString().contains("upgradable=async"), lock.toString());
        CompletableFuture<AsyncUpgradableGuard> second = lock.upgradableAsync();
        assertFalse(second.isDone(), "upgradable holders exclude each other");
        CompletableFuture<Guard> upgrade = u.upgradeAsync();
        assertFalse(upgrade.isDone(), "the upgrade waits for the plain reader");
        assertTrue(u.isUpgraded());
        CompletableFuture<Guard> writer = lock.writeAsync();
        reader.close();
        assertTrue(upgrade.isDone(), "the last reader out hands the write lock to the upgrade");
        assertFalse(writer.isDone(), "no writer in between");
        assertTrue(lock.isWriteLocked());
        assertThrows(IllegalStateException.class, u::close, "close the write guard first");
        assertThrows(IllegalStateException.class, u::upgradeAsync, "one upgrade at a time");
        upgrade.join().close();
        assertFalse(lock.isWriteLocked());
        assertTrue(lock.isUpgradableLocked(), "back to the upgradable hold");
        assertFalse(u.isUpgraded());
        assertFalse(writer.isDone());
        u.close();
        u.close(); // a second close does nothing
        // one at a time: FAIR in arrival order (the upgradable request, then the writer),
        // WRITER_PREFERENCE the writer first, READER_PREFERENCE the upgradable request first
        assertTrue(second.isDone() ^ writer.isDone(), "exactly one of them got in");
        boolean upgradableFirst = second.isDone();
        assertEquals(policy != ReadersWritersPolicy.WRITER_PREFERENCE, upgradableFirst);
        if (upgradableFirst) {
            second.join().close();
            assertTrue(writer.isDone());
            writer.join().close();
        } else {
            writer.join().close();
            assertTrue(second.isDone());
            second.join().close();
        }
        assertThrows(IllegalStateException.class, u::upgradeAsync, "closed");
        assertFalse(lock.isUpgradableLocked());
        assertFalse(lock.isWriteLocked());
        assertEquals(0, lock.getQueueLength());
    }

    @Test
    void cancellingAPendingAsyncUpgradeKeepsTheUpgradableHold() {
        ReadersWritersLock lock = ReadersWritersLock.fair();
        Guard reader = lock.readAsync().join();
        AsyncUpgradableGuard u = lock.upgradableAsync().join();
        CompletableFuture<Guard> upgrade = u.upgradeAsync();
        assertTrue(upgrade.cancel(false));
        assertFalse(u.isUpgraded());
        assertTrue(lock.isUpgradableLocked());
        assertEquals(0, lock.getQueueLength());
        reader.close();
        Guard w = u.upgradeAsync().join(); // no reader left: at once
        w.close();
        u.close();
        assertFalse(lock.isUpgradableLocked());
        assertTrue(lock.tryWrite().isPresent());
    }

    @Test
    void waitingForTheLockInsideAnAsyncUpgradableCompletionFails() {
        ReadersWritersLock lock = ReadersWritersLock.fair();
        Guard held = lock.writeAsync().join();
        List<Throwable> seen = new ArrayList<>();
        CompletableFuture<AsyncUpgradableGuard> u = lock.upgradableAsync();
        u.thenAccept(g -> {
            seen.add(assertThrows(IllegalStateException.class, lock::write));
            seen.add(assertThrows(IllegalStateException.class, lock::upgradable));
            try (Guard r = lock.read()) { // readers still enter beside it
                seen.add(null);
            }
            g.close();
        });
        held.close();
        assertTrue(u.isDone());
        assertEquals(3, seen.size(), seen.toString());
        assertFalse(lock.isUpgradableLocked());
        assertEquals(0, lock.getQueueLength());
    }

    /**
     * Found by the soak: an upgrade whose future timed out is withdrawn on the timer thread, so
     * the guard may still look upgraded when its holder closes it right after; that close must
     * not throw (the hold leaked when it did) and the hold must be released once unwound.
     */
    @Test
    void closingRightAfterAnUpgradeTimedOutReleasesTheHold() {
        for (int i = 0; i < 200; i++) {
            ReadersWritersLock lock = ReadersWritersLock.readerPreference();
            Guard reader = lock.readAsync().join();
            AsyncUpgradableGuard u = lock.upgradableAsync().join();
            CompletableFuture<Guard> upgrade = u.upgradeAsync()
                    .orTimeout(1, TimeUnit.MICROSECONDS);
            awaitTrue("timed out", upgrade::isDone);
            u.close(); // whether or not the timer thread has unwound the upgrade yet
            awaitTrue("the upgradable hold is released", () -> !lock.isUpgradableLocked());
            reader.close();
            assertEquals(0, lock.getQueueLength());
            assertTrue(lock.tryWrite().isPresent(), "iteration " + i);
        }
    }
}
