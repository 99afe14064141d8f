package io.github.signalbox.locks;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.signalbox.TestThreads;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The classic demonstration: 3 looping readers and 2 looping writers. Each policy must let the
 * side it promises to serve make progress (FAIR: everybody). Asserts progress, never timings:
 * the experiment runs until the promised progress is seen or a generous bound fails the test.
 */
class StarvationExperimentTest {

    private static final int READERS = 3;
    private static final int WRITERS = 2;
    private static final long OPS_EACH = 200;

    @ParameterizedTest
    @EnumSource(ReadersWritersPolicy.class)
    void policyLetsTheServedSideProgress(ReadersWritersPolicy policy) throws Exception {
        ReadersWritersLock lock = new ReadersWritersLock(policy);
        AtomicLongArray ops = new AtomicLongArray(READERS + WRITERS);
        AtomicBoolean stop = new AtomicBoolean();
        int[] shared = new int[1];
        try (TestThreads threads = new TestThreads()) {
            for (int i = 0; i < READERS + WRITERS; i++) {
                int id = i;
                boolean writer = i >= READERS;
                threads.start((writer ? "writer-" : "reader-") + i, () -> {
                    while (!stop.get()) {
                        if (writer) {
                            lock.writeLock().lock();
                            try {
                                shared[0]++;
                                busyWork();
                            } finally {
                                lock.writeLock().unlock();
                            }
                        } else {
                            lock.readLock().lock();
                            try {
                                busyWork();
                            } finally {
                                lock.readLock().unlock();
                            }
                        }
                        ops.incrementAndGet(id);
                    }
                });
            }
            int from = policy == ReadersWritersPolicy.WRITER_PREFERENCE ? READERS : 0;
            int to = policy == ReadersWritersPolicy.READER_PREFERENCE ? READERS : READERS + WRITERS;
            TestThreads.awaitTrue(policy + " serves threads " + from + ".." + (to - 1), () -> {
                for (int i = from; i < to; i++) {
                    if (ops.get(i) < OPS_EACH) {
                        return false;
                    }
                }
                return true;
            });
            stop.set(true);
        }
        long[] counts = new long[READERS + WRITERS];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = ops.get(i);
        }
        assertTrue(lock.getQueueLength() == 0 && lock.getReadLockCount() == 0,
                lock + " " + Arrays.toString(counts));
    }

    private static void busyWork() {
        for (int i = 0; i < 50; i++) {
            Thread.onSpinWait();
        }
    }
}
