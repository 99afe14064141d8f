package io.github.signalbox.stress.soak;

import io.github.signalbox.barriers.Barrier;
import io.github.signalbox.barriers.TimeoutPolicy;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A barrier with one timeout policy whose parties come and go (between 2 and 4), arrivals timed,
 * interruptible or asynchronous, and random aborts and resets. Every round that trips runs the
 * action once: the generation always equals trips plus resets; at a checkpoint nobody waits.
 */
final class BarrierFamily implements Family {

    private final LongAdder trips = new LongAdder();
    private final AtomicLong resets = new AtomicLong();
    private final Barrier barrier;
    private final String name;

    BarrierFamily(TimeoutPolicy policy) {
        this.barrier = Barrier.builder(2).timeoutPolicy(policy).action(trips::increment)
                .name("soak-" + policy).build();
        this.name = "barrier " + policy;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void step(SplittableRandom random, Tally tally) throws Exception {
        try {
            switch (random.nextInt(8)) {
                case 0:
                case 1:
                case 2:
                    barrier.await(random.nextLong(1_000L, 2_000_000L), TimeUnit.NANOSECONDS);
                    tally.add(name, "arrivals");
                    break;
                case 3: {
                    Integer index = Waits.settle(barrier.awaitAsync(), random, tally, name);
                    tally.add(name, index == null ? "async arrivals given up" : "arrivals");
                    break;
                }
                case 4:
                    changeParties(true, tally);
                    break;
                case 5:
                    changeParties(false, tally);
                    break;
                case 6:
                    if (random.nextInt(8) == 0) {
                        barrier.abort();
                        tally.add(name, "aborts");
                    }
                    break;
                default:
                    if (barrier.isBroken()) {
                        reset();
                        tally.add(name, "resets");
                    }
            }
        } catch (TimeoutException e) {
            tally.add(name, "timeouts");
        } catch (BrokenBarrierException e) {
            tally.add(name, "broken");
        }
    }

    /**
     * A party joins ({@code join}, below 4 parties) or leaves (above 2): one change at a time, so
     * that two workers that both saw 3 parties cannot both leave (the last party may not
     * deregister: the barrier rightly refuses).
     */
    private synchronized void changeParties(boolean join, Tally tally) {
        int p = barrier.parties();
        if (join && p < 4) {
            barrier.register();
            tally.add(name, "parties joined");
        } else if (p > 2) {
            barrier.arriveAndDeregister();
            tally.add(name, "parties left");
        }
    }

    /** Resets, counted before the generation moves, so the invariant holds at checkpoints. */
    private synchronized void reset() {
        resets.incrementAndGet();
        barrier.reset();
    }

    @Override
    public List<String> check() {
        List<String> v = Waits.list();
        Waits.expect(v, name + ": a party still waits: " + barrier,
                () -> barrier.numberWaiting() == 0);
        if (barrier.generation() != trips.sum() + resets.get()) {
            v.add(name + ": generation " + barrier.generation() + " but " + trips.sum()
                    + " actions ran and " + resets.get() + " resets were made");
        }
        return v;
    }
}
