package io.github.signalbox.benchmarks.semaphores;

import io.github.signalbox.semaphores.BoundedSemaphore;
import io.github.signalbox.semaphores.Fairness;
import java.util.concurrent.Semaphore;

/** The semaphores compared, each with the JDK semaphore of the same fairness as its baseline. */
public enum SemaphoreKind {
    SB_FIFO("JDK_FAIR"),
    SB_BARGING("JDK_NONFAIR"),
    JDK_FAIR(null),
    JDK_NONFAIR(null);

    /** The kind this one is compared with, or null for a baseline. */
    public final String baseline;

    SemaphoreKind(String baseline) {
        this.baseline = baseline;
    }

    /** A one-permit semaphore of this kind. */
    public Sem create() {
        switch (this) {
            case SB_FIFO:
            case SB_BARGING: {
                BoundedSemaphore s = new BoundedSemaphore(1,
                        this == SB_FIFO ? Fairness.FIFO : Fairness.BARGING);
                return new Sem() {
                    @Override
                    public void acquire() {
                        s.acquireUninterruptibly();
                    }

                    @Override
                    public void release() {
                        s.release();
                    }
                };
            }
            default: {
                Semaphore s = new Semaphore(1, this == JDK_FAIR);
                return new Sem() {
                    @Override
                    public void acquire() {
                        s.acquireUninterruptibly();
                    }

                    @Override
                    public void release() {
                        s.release();
                    }
                };
            }
        }
    }

    /** The two operations measured. */
    public interface Sem {
        void acquire();

        void release();
    }
}
