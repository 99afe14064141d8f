package io.github.signalbox.internal;

/** One wait in progress: started by {@link WaitStats#begin}, finished once by {@link #end}. */
public final class ContendedWait {

    private final WaitStats stats;
    final String mode;
    final int queueLength;
    final Object jfrEvent;
    private final long start = System.nanoTime();

    ContendedWait(WaitStats stats, String mode, int queueLength, Object jfrEvent) {
        this.stats = stats;
        this.mode = mode;
        this.queueLength = queueLength;
        this.jfrEvent = jfrEvent;
    }

    /** Records how the wait ended. */
    public void end(WaitOutcome outcome) {
        stats.ended(this, System.nanoTime() - start, outcome);
    }

    /** Records the end of a wait that returns whether it succeeded; returns {@code granted}. */
    public boolean end(boolean granted) {
        end(granted ? WaitOutcome.GRANTED : WaitOutcome.TIMED_OUT);
        return granted;
    }
}
