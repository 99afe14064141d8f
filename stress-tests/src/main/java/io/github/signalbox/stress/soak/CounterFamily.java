package io.github.signalbox.stress.soak;

import io.github.signalbox.counters.AtomicCounter;
import io.github.signalbox.counters.WaitGroup;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A waitable AtomicCounter updated by random deltas and waited on in every style, and a WaitGroup
 * whose tasks are added and done in pairs. At a checkpoint the counter equals the sum of the
 * recorded updates, the group is at zero and no waiter is registered.
 */
final class CounterFamily implements Family {

    private final AtomicCounter counter = AtomicCounter.builder().name("soak-counter").build();
    private final LongAdder recorded = new LongAdder();
    private final WaitGroup group = WaitGroup.builder().name("soak-group").build();

    @Override
    public String name() {
        return "counters";
    }

    @Override
    public void step(SplittableRandom random, Tally tally) throws Exception {
        switch (random.nextInt(5)) {
            case 0:
            case 1: {
                long delta = random.nextLong(-3, 4);
                counter.add(delta);
                recorded.add(delta);
                tally.add(name(), "updates");
                break;
            }
            case 2: {
                long target = counter.get() + random.nextInt(3);
                if (!counter.awaitAtLeast(target, Waits.nanos(random), TimeUnit.NANOSECONDS)) {
                    tally.add(name(), "timeouts");
                }
                break;
            }
            case 3:
                Waits.settle(counter.awaitValueAsync(v -> (v & 7) == 0), random, tally, name());
                tally.add(name(), "async waits");
                break;
            default:
                group.add(1);
                try {
                    if (!group.await(Waits.nanos(random), TimeUnit.NANOSECONDS)) {
                        tally.add(name(), "timeouts");
                    }
                } finally {
                    group.done();
                }
                tally.add(name(), "wait-group tasks");
        }
    }

    @Override
    public List<String> check() {
        List<String> v = Waits.list();
        Waits.expect(v, "counters: waiters left: " + counter.getWaiterCount() + " on the counter, "
                + group, () -> counter.getWaiterCount() == 0 && group.getWaiterCount() == 0);
        if (counter.get() != recorded.sum()) {
            v.add("counters: value " + counter.get() + " but the recorded updates sum to "
                    + recorded.sum());
        }
        if (group.count() != 0) {
            v.add("counters: WaitGroup count " + group.count() + " at quiescence");
        }
        return v;
    }
}
