package io.github.signalbox.benchmarks.barriers;

import io.github.signalbox.barriers.Barrier;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Phaser;

/**
 * The barriers compared, and {@link #THREAD_SWITCHES}, the floor under them when parties
 * outnumber cores.
 */
public enum BarrierKind {
    SIGNALBOX,
    CYCLIC_BARRIER,
    PHASER,
    /**
     * Not a barrier: every party only calls {@link Thread#yield()}. With more parties than cores
     * each party must run once per barrier round, so each core switches between its threads at
     * least once per thread per round, and a switch needs a system call on the core that gives
     * way: with 4 parties on 2 cores a yield returns after its own switch and its core-mate's,
     * the same two switches, the least any 4-party round can cost on that host. With no more
     * parties than cores nobody switches and this is only the cost of the system call (no
     * floor).
     */
    THREAD_SWITCHES;

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
            case THREAD_SWITCHES:
                return new Meeting() {
                    @Override
                    public boolean await() {
                        Thread.yield();
                        return true;
                    }

                    @Override
                    public void shutDown() {
                        // the partners stop when the benchmark says so
                    }
                };
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
