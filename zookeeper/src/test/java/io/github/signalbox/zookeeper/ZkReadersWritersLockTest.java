package io.github.signalbox.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.locks.LockUpgradeException;
import io.github.signalbox.locks.ReadersWritersPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each participant is its own ZkPrimitives: its own ZooKeeper session, as another process. */
class ZkReadersWritersLockTest {

    private final ZkParticipants participants = new ZkParticipants();
    private final List<ZkPrimitives> opened = new ArrayList<>();
    private final String namespace = participants.namespace();

    @AfterEach
    void close() {
        participants.close();
    }

    private ZkPrimitives participant() {
        ZkPrimitives zk = participants.connect();
        opened.add(zk);
        return zk;
    }

    private ExecutorService thread() {
        return participants.thread();
    }

    private static <T> CompletableFuture<T> on(ExecutorService thread,
            ZkParticipants.ThrowingSupplier<T> body) {
        return ZkParticipants.on(thread, body);
    }

    private <T> CompletableFuture<T> async(ZkParticipants.ThrowingSupplier<T> body) {
        return participants.async(body);
    }

    private static <T> T get(CompletableFuture<T> f) throws Exception {
        return ZkParticipants.get(f);
    }

    private static void closeOn(ExecutorService thread, Lease lease) throws Exception {
        get(on(thread, () -> {
            lease.close();
            return null;
        }));
    }

    private ZkReadersWritersLock lock(ReadersWritersPolicy policy) {
        return participant().readersWritersLock("lock", policy);
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void writersExcludeEachOtherAcrossSessions(ReadersWritersPolicy policy) throws Exception {
        ZkReadersWritersLock a = lock(policy);
        ZkReadersWritersLock b = lock(policy);
        Lease held = a.write();
        assertTrue(a.isWriteLocked());
        assertEquals(Optional.empty(), b.tryWrite());
        assertEquals(Optional.empty(), b.tryRead());
        CompletableFuture<Long> second = async(() -> {
            try (Lease l = b.write()) {
                return l.fence();
            }
        });
        ZkTesting.await("second writer queued", () -> a.getQueuedWriterCount() == 1);
        assertFalse(second.isDone());
        long first = held.fence();
        held.close();
        assertTrue(get(second) > first, "fencing tokens increase");
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void readersShareAcrossSessions(ReadersWritersPolicy policy) throws Exception {
        ZkReadersWritersLock a = lock(policy);
        ZkReadersWritersLock b = lock(policy);
        try (Lease r1 = a.read(); Lease r2 = b.read()) {
            assertEquals(2, a.getReadLockCount());
            assertTrue(r2.fence() > r1.fence());
            assertEquals(Optional.empty(), get(async(b::tryWrite)), "another thread cannot write");
        }
        assertEquals(0, a.getReadLockCount());
        ZkTesting.await("nothing left behind", () -> ZkTesting.children(opened.get(0).curator(),
                a.path() + "/q").isEmpty());
    }

    /** FAIR: W holds; R1 then W2 queue; when W leaves, R1 goes first and W2 waits for it. */
    @Test
    void fairServesInArrivalOrder() throws Exception {
        ZkReadersWritersLock w = lock(ReadersWritersPolicy.FAIR);
        ZkReadersWritersLock r1 = lock(ReadersWritersPolicy.FAIR);
        ZkReadersWritersLock w2 = lock(ReadersWritersPolicy.FAIR);
        Lease held = w.write();
        ExecutorService readerThread = thread();
        CompletableFuture<Lease> reader = on(readerThread, r1::read);
        ZkTesting.await("reader queued", () -> w.getQueuedReaderCount() == 1);
        CompletableFuture<Lease> writer = async(w2::write);
        ZkTesting.await("writer queued", () -> w.getQueuedWriterCount() == 1);
        held.close();
        Lease readHold = get(reader);
        assertEquals(1, w.getQueuedWriterCount(), "the later writer waits for the reader");
        assertFalse(writer.isDone());
        // a reader arriving now may not pass the waiting writer (FAIR)
        assertEquals(Optional.empty(), lock(ReadersWritersPolicy.FAIR).tryRead());
        closeOn(readerThread, readHold);
        Lease writeHold = get(writer);
        assertTrue(writeHold.fence() > readHold.fence());
    }

    /** WRITER_PREFERENCE: R holds, W waits; a new reader waits behind W even though R reads. */
    @Test
    void writerPreferenceStopsNewReadersWhileAWriterWaits() throws Exception {
        ZkReadersWritersLock r = lock(ReadersWritersPolicy.WRITER_PREFERENCE);
        ZkReadersWritersLock w = lock(ReadersWritersPolicy.WRITER_PREFERENCE);
        ZkReadersWritersLock r2 = lock(ReadersWritersPolicy.WRITER_PREFERENCE);
        Lease reading = r.read();
        ExecutorService writerThread = thread();
        CompletableFuture<Lease> writer = on(writerThread, w::write);
        ZkTesting.await("writer queued", () -> r.getQueuedWriterCount() == 1);
        assertEquals(Optional.empty(), r2.tryRead());
        CompletableFuture<Lease> lateReader = async(r2::read);
        ZkTesting.await("late reader queued", () -> r.getQueuedReaderCount() == 1);
        reading.close();
        Lease writeHold = get(writer);
        assertEquals(1, r.getQueuedReaderCount(), "the reader waits for the writer");
        assertFalse(lateReader.isDone());
        closeOn(writerThread, writeHold);
        assertTrue(get(lateReader).fence() > writeHold.fence());
    }

    /** READER_PREFERENCE: R holds, W waits; a new reader is admitted at once. */
    @Test
    void readerPreferenceAdmitsReadersPastAWaitingWriter() throws Exception {
        ZkReadersWritersLock r = lock(ReadersWritersPolicy.READER_PREFERENCE);
        ZkReadersWritersLock w = lock(ReadersWritersPolicy.READER_PREFERENCE);
        ZkReadersWritersLock r2 = lock(ReadersWritersPolicy.READER_PREFERENCE);
        Lease reading = r.read();
        CompletableFuture<Lease> writer = async(w::write);
        ZkTesting.await("writer queued", () -> r.getQueuedWriterCount() == 1);
        ExecutorService secondThread = thread();
        Lease second = get(on(secondThread, () -> r2.tryRead()
                .orElseThrow(() -> new AssertionError("reader not admitted"))));
        assertEquals(2, r.getReadLockCount());
        reading.close();
        assertEquals(1, r.getQueuedWriterCount(), "the writer waits for the other reader");
        assertFalse(writer.isDone());
        closeOn(secondThread, second);
        get(writer);
    }

    @Test
    void reentrancyIsCountedLocally() {
        ZkReadersWritersLock lock = lock(ReadersWritersPolicy.FAIR);
        try (Lease outer = lock.write(); Lease inner = lock.write(); Lease read = lock.read()) {
            assertEquals(2, lock.getWriteHoldCount());
            assertEquals(1, lock.getReadHoldCount());
            assertEquals(outer.fence(), inner.fence());
            assertEquals(1, ZkTesting.children(opened.get(0).curator(), lock.path() + "/q")
                    .size(), "one request node for all holds");
        }
        assertEquals(0, lock.getWriteHoldCount());
        assertFalse(lock.isWriteLocked());
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void downgradeLetsNoWriterIn(ReadersWritersPolicy policy) throws Exception {
        ZkReadersWritersLock lock = lock(policy);
        ZkReadersWritersLock other = lock(policy);
        Lease write = lock.write();
        Lease read = lock.read();
        CompletableFuture<Lease> writer = async(other::write);
        ZkTesting.await("writer queued", () -> lock.getQueuedWriterCount() == 1);
        long writeFence = write.fence();
        write.close(); // downgrade: the thread keeps reading, the writer still waits
        assertFalse(lock.isWriteLocked());
        assertEquals(1, lock.getReadLockCount());
        assertTrue(read.fence() > writeFence, "the read hold has a token of its own");
        assertFalse(writer.isDone());
        read.close();
        assertTrue(get(writer).fence() > 0);
    }

    @Test
    void upgradeFailsLoudlyAndChangesNothing() {
        ZkReadersWritersLock lock = lock(ReadersWritersPolicy.FAIR);
        try (Lease read = lock.read()) {
            LockUpgradeException e = assertThrows(LockUpgradeException.class, lock::write);
            assertTrue(e.getMessage().contains("read lock"), e.getMessage());
            assertEquals(1, lock.getReadHoldCount());
            assertEquals(1, lock.getReadLockCount());
        }
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void aTimedOutWaiterLeavesNoNode(ReadersWritersPolicy policy) throws Exception {
        ZkReadersWritersLock lock = lock(policy);
        ZkReadersWritersLock other = lock(policy);
        try (Lease held = lock.write()) {
            assertThrows(TimeoutException.class, () -> get(async(() ->
                    other.write(Duration.ofMillis(200)))));
            assertEquals(Optional.empty(), get(async(() -> other.tryRead(Duration.ofMillis(50)))));
            assertEquals(1, ZkTesting.children(opened.get(0).curator(), lock.path() + "/q")
                    .size(), "only the holder's request");
        }
    }

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void anInterruptedWaiterLeavesNoNode(ReadersWritersPolicy policy) throws Exception {
        ZkReadersWritersLock lock = lock(policy);
        ZkReadersWritersLock other = lock(policy);
        try (Lease held = lock.write()) {
            AtomicReference<Thread> waiter = new AtomicReference<>();
            CompletableFuture<Lease> f = async(() -> {
                waiter.set(Thread.currentThread());
                return other.writeInterruptibly();
            });
            ZkTesting.await("waiter queued", () -> lock.getQueuedWriterCount() == 1);
            waiter.get().interrupt();
            assertThrows(InterruptedException.class, () -> get(f));
            assertEquals(0, lock.getQueuedWriterCount());
            assertEquals(1, ZkTesting.children(opened.get(0).curator(), lock.path() + "/q")
                    .size());
        }
    }

    @Test
    void onlyTheAcquiringThreadMayRelease() throws Exception {
        ZkReadersWritersLock lock = lock(ReadersWritersPolicy.FAIR);
        Lease held = lock.write();
        assertThrows(IllegalMonitorStateException.class, () -> get(async(() -> {
            held.close();
            return null;
        })));
        assertTrue(lock.isWriteLocked(), "unchanged");
        held.close();
        held.close(); // a second close does nothing
        assertFalse(lock.isWriteLocked());
    }

    @Test
    void badInputFailsClearlyAndWritesNothing() throws Exception {
        ZkPrimitives zk = participant();
        zk.boundedSemaphore("semaphore", 2);
        IllegalArgumentException wrongKind = assertThrows(IllegalArgumentException.class,
                () -> zk.readersWritersLock("semaphore"));
        assertTrue(wrongKind.getMessage().contains("semaphore"), wrongKind.getMessage());
        zk.readersWritersLock("fair", ReadersWritersPolicy.FAIR);
        assertThrows(IllegalArgumentException.class,
                () -> zk.readersWritersLock("fair", ReadersWritersPolicy.WRITER_PREFERENCE));
        assertThrows(NullPointerException.class, () -> zk.readersWritersLock(null));
        assertThrows(NullPointerException.class,
                () -> zk.readersWritersLock("x", null));
        assertThrows(IllegalArgumentException.class, () -> zk.readersWritersLock(""));
        assertThrows(IllegalArgumentException.class, () -> zk.readersWritersLock("a/b"));
        assertThrows(IllegalArgumentException.class, () -> zk.boundedSemaphore("s0", 0));
        assertThrows(IllegalArgumentException.class, () -> zk.barrier("b0", 0));
        assertEquals(List.of("fair", "semaphore").stream().sorted().toList(),
                ZkTesting.children(zk.curator(), namespace).stream().sorted().toList());
    }

    @Test
    void fencingTokensIncreaseAcrossReadersAndWriters() {
        ZkReadersWritersLock a = lock(ReadersWritersPolicy.FAIR);
        ZkReadersWritersLock b = lock(ReadersWritersPolicy.FAIR);
        long last = 0;
        for (int i = 0; i < 20; i++) {
            ZkReadersWritersLock l = i % 2 == 0 ? a : b;
            try (Lease lease = i % 3 == 0 ? l.read() : l.write()) {
                assertTrue(lease.fence() > last, lease.fence() + " after " + last);
                last = lease.fence();
            }
        }
    }
}
