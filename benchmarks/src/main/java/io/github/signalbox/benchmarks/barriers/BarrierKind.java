package io.github.signalbox.benchmarks.barriers;

import io.github.signalbox.barriers.Barrier;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Phaser;

/** The barriers compared. */
public enum BarrierKind {
    SIGNALBOX,
    CYCLIC_BARRIER,
    PHASER;

    /** A barrier of this kind for {@code parties} parties. */
    public Meeting create(int parties) {
        switch (this) {
            case SIGNALBOX: {
                Barrier b = new Barrier(parties);
                return new Meeting() {
                    @Override
                    public boolean await() {
                        try {
                            b.awaitUninterruptibly();
                            return true;
                        } catch (BrokenBarrierException e) {
                            return false;
                        }
                    }

                    @Override
                    public void shutDown() {
                        b.abort();
                    }
                };
            }
            case CYCLIC_BARRIER: {
                CyclicBarrier b = new CyclicBarrier(parties);
                return new Meeting() {
                    @Override
                    public boolean await() {
                        try {
                            b.await();
                            return true;
                        } catch (BrokenBarrierException | InterruptedException e) {
                            return false;
                        }
                    }

                    @Override
                    public void shutDown() {
                        b.reset();
                    }
                };
            }
            default: {
                Phaser p = new Phaser(parties);
                return new Meeting() {
                    @Override
                    public boolean await() {
                        return p.arriveAndAwaitAdvance() >= 0;
                    }

                    @Override
                    public void shutDown() {
                        p.forceTermination();
                    }
                };
            }
        }
    }

    /** One round trip, and a way to release a party stuck in it. */
    public interface Meeting {
        /** @return false once the meeting was shut down */
        boolean await();

        void shutDown();
    }
}
