package io.github.signalbox.locks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One table of reader slots shared by every {@link ReadersWritersLock} in the JVM: the scalable
 * half of the reader indicator (after BRAVO, Dice and Kogan, USENIX ATC 2019, and folly's
 * "deferred readers").
 *
 * <p>A reader of a lock whose read bias is on registers in the first free slot of its thread's
 * line instead of counting itself in the lock's state word: each thread has a line of its own
 * (while there are fewer reading threads than lines), so readers on different cores write
 * different cache lines, and one thread can hold up to {@value #SLOTS_PER_LINE} biased locks at
 * once. A slot holds the lock, not the reader: a thread's own record ({@link ReadHolds}) says
 * which slot is its own. A full line sends the reader to the state word instead. A writer that revokes the bias
 * scans the whole table, a fixed {@value #SIZE} slots, whatever the number of threads.
 *
 * <p>The table costs {@value #SIZE} references once per JVM, nothing per lock or per thread.
 */
final class VisibleReaders {

    static final int LINES = 128;
    static final int LINE_MASK = LINES - 1;
    /** Slots per line: 16 compressed references fill one 64-byte cache line. */
    static final int SLOTS_PER_LINE = 16;
    static final int SIZE = LINES * SLOTS_PER_LINE;

    /** The lock each slot's reader holds, or null. */
    private static final RwEngine[] TABLE = new RwEngine[SIZE];

    private VisibleReaders() {
    }

    /**
     * Registers a reader of {@code lock} in the first free slot of {@code line} (a CAS: a full
     * fence, the reader's Dekker store); returns the slot, or -1 if the line is full.
     */
    static int tryPublish(int line, RwEngine lock) {
        int first = line * SLOTS_PER_LINE;
        for (int slot = first; slot < first + SLOTS_PER_LINE; slot++) {
            if (SLOT.getOpaque(TABLE, slot) == null
                    && SLOT.compareAndSet(TABLE, slot, null, lock)) {
                return slot;
            }
        }
        return -1;
    }

    /** Empties a slot with a full fence (the leaving reader then reads the lock's state). */
    static void clear(int slot) {
        SLOT.getAndSet(TABLE, slot, null);
    }

    /** Whether some slot holds a reader of {@code lock}; a writer's scan, after a full fence. */
    static boolean anyReaderOf(RwEngine lock, int slots) {
        for (int i = 0; i < slots; i++) {
            if (SLOT.getVolatile(TABLE, i) == lock) {
                return true;
            }
        }
        return false;
    }

    /**
     * The readers registered for {@code lock}, one hold each (their further holds are counted in
     * the lock's state word); a snapshot, for monitoring.
     */
    static int holdsOf(RwEngine lock) {
        int total = 0;
        for (int i = 0; i < SIZE; i++) {
            if (SLOT.getVolatile(TABLE, i) == lock) {
                total++;
            }
        }
        return total;
    }

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(RwEngine[].class);
}
