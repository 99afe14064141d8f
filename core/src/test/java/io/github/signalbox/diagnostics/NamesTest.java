package io.github.signalbox.diagnostics;

import static io.github.signalbox.TestThreads.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.Guard;
import io.github.signalbox.barriers.Barrier;
import io.github.signalbox.counters.AtomicCounter;
import io.github.signalbox.counters.BoundedCounter;
import io.github.signalbox.counters.CounterOverflowException;
import io.github.signalbox.counters.StripedCounter;
import io.github.signalbox.counters.WaitGroup;
import io.github.signalbox.events.AutoResetEvent;
import io.github.signalbox.events.Event;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.semaphores.BoundedSemaphore;
import io.github.signalbox.semaphores.OverReleaseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every family takes a name in its builder; the name shows in toString, exception messages and
 * what a parked thread's blocker prints; unnamed primitives keep the identity-based text.
 */
class NamesTest {

    @Test
    void everyFamilyShowsItsName() {
        List<Object> named = List.of(
                ReadersWritersLock.builder().name("n1").build(),
                BoundedSemaphore.builder(3).name("n2").build(),
                Barrier.builder(2).name("n3").build(),
                Event.builder().name("n4").build(),
                AutoResetEvent.builder().name("n5").build(),
                AtomicCounter.builder().name("n6").build(),
                BoundedCounter.builder(0, 9).name("n7").build(),
                WaitGroup.builder().name("n8").build(),
                StripedCounter.builder().name("n9").build());
        for (int i = 0; i < named.size(); i++) {
            Object p = named.get(i);
            String kind = p.getClass().getSimpleName();
            assertTrue(p.toString().startsWith(kind + " \"n" + (i + 1) + "\"["), p.toString());
        }
    }

    @Test
    void unnamedPrimitivesKeepTheirIdentityText() {
        for (Object p : List.of(new ReadersWritersLock(), new BoundedSemaphore(1), new Barrier(1),
                new Event(), new AutoResetEvent(), new AtomicCounter(), new WaitGroup(),
                new StripedCounter(), new BoundedCounter(0, 1, 0))) {
            String expected = p.getClass().getSimpleName() + "@"
                    + Integer.toHexString(System.identityHashCode(p)) + "[";
            assertTrue(p.toString().startsWith(expected), p.toString());
        }
    }

    @Test
    void nameAccessorsReturnTheName() {
        assertEquals(Optional.of("a"), ReadersWritersLock.builder().name("a").build().name());
        assertEquals(Optional.empty(), new ReadersWritersLock().name());
        assertEquals(Optional.of("b"), BoundedSemaphore.builder(1).name("b").build().name());
        assertEquals(Optional.of("c"), Barrier.builder(1).name("c").build().name());
        assertEquals(Optional.of("d"), Event.builder().name("d").build().name());
        assertEquals(Optional.of("e"), AutoResetEvent.builder().name("e").build().name());
        assertEquals(Optional.of("f"), AtomicCounter.builder().name("f").build().name());
        assertEquals(Optional.of("g"), WaitGroup.builder().name("g").build().name());
        assertEquals(Optional.of("h"), StripedCounter.builder().name("h").build().name());
        assertEquals(Optional.of("i"), BoundedCounter.builder(0, 1).name("i").build().name());
    }

    @Test
    void badNamesAreRejected() {
        List<Function<String, Object>> builders = List.of(
                n -> ReadersWritersLock.builder().name(n),
                n -> BoundedSemaphore.builder(1).name(n),
                n -> Barrier.builder(1).name(n),
                n -> Event.builder().name(n),
                n -> AutoResetEvent.builder().name(n),
                n -> AtomicCounter.builder().name(n),
                n -> BoundedCounter.builder(0, 1).name(n),
                n -> WaitGroup.builder().name(n),
                n -> StripedCounter.builder().name(n));
        for (Function<String, Object> b : builders) {
            assertThrows(NullPointerException.class, () -> b.apply(null));
            assertThrows(IllegalArgumentException.class, () -> b.apply(" "));
        }
    }

    @Test
    void exceptionMessagesNameThePrimitive() {
        ReadersWritersLock lock = ReadersWritersLock.builder().name("prices").build();
        IllegalMonitorStateException notHeld = assertThrows(IllegalMonitorStateException.class,
                () -> lock.writeLock().unlock());
        assertTrue(notHeld.getMessage().contains("ReadersWritersLock \"prices\""),
                notHeld.getMessage());
        BoundedSemaphore pool = BoundedSemaphore.builder(1).name("pool").build();
        OverReleaseException over = assertThrows(OverReleaseException.class, pool::release);
        assertTrue(over.getMessage().contains("BoundedSemaphore \"pool\""), over.getMessage());
        WaitGroup group = WaitGroup.builder().name("uploads").build();
        CounterOverflowException below = assertThrows(CounterOverflowException.class,
                group::done);
        assertTrue(below.getMessage().contains("WaitGroup \"uploads\""), below.getMessage());
    }

    @Test
    void aParkedThreadsBlockerNamesThePrimitive() throws Exception {
        ReadersWritersLock lock = ReadersWritersLock.builder().name("dump-me").build();
        Thread reader;
        try (Guard g = lock.write()) {
            reader = new Thread(() -> lock.read().close(), "reader");
            reader.start();
            awaitTrue("the reader parks", () -> LockSupport.getBlocker(reader) != null);
            String blocker = String.valueOf(LockSupport.getBlocker(reader));
            assertTrue(blocker.startsWith("ReadersWritersLock \"dump-me\"[FAIR"), blocker);
        }
        reader.join();
    }

    @Test
    void aTrackedLocksBlockerNamesItsReaders() throws Exception {
        ReadersWritersLock lock = ReadersWritersLock.builder().name("tracked").trackHolders()
                .build();
        Thread writer;
        try (Guard g = lock.read()) {
            writer = new Thread(() -> lock.write().close(), "writer");
            writer.start();
            awaitTrue("the writer parks", () -> LockSupport.getBlocker(writer) != null);
            String blocker = String.valueOf(LockSupport.getBlocker(writer));
            assertTrue(blocker.contains("readers=1 (" + Thread.currentThread().getName() + ")"),
                    blocker);
        }
        writer.join();
    }

    @Test
    void buildersKeepTheirOtherSettings() {
        BoundedSemaphore s = BoundedSemaphore.builder(5).initialPermits(2).name("s").build();
        assertEquals(5, s.bound());
        assertEquals(2, s.availablePermits());
        assertThrows(IllegalArgumentException.class,
                () -> BoundedSemaphore.builder(5).initialPermits(6));
        assertThrows(IllegalArgumentException.class, () -> BoundedSemaphore.builder(0));
        assertEquals(7L, AtomicCounter.builder().initial(7).build().get());
        assertEquals(3L, BoundedCounter.builder(3, 9).build().get());
        assertThrows(IllegalArgumentException.class, () -> BoundedCounter.builder(3, 9).initial(10));
        assertThrows(IllegalArgumentException.class, () -> BoundedCounter.builder(9, 3));
        assertTrue(ReadersWritersLock.builder().trackHolders().build().tracksHolders());
        assertTrue(!new ReadersWritersLock().tracksHolders());
    }
}
