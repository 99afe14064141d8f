package io.github.signalbox.stress.soak;

import io.github.signalbox.Guard;
import io.github.signalbox.ordering.LockOrdering;
import io.github.signalbox.ordering.LockSet;
import io.github.signalbox.ordering.OrderedLock;
import io.github.signalbox.ordering.OrderingPolicies;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Four ranked locks of a checking LockOrdering taken as random LockSets (untimed, interruptible
 * or timed): each hold increments a plain counter per lock, which at a checkpoint must equal the
 * number of holds recorded for it; no lock may be held and no order violation reported.
 */
final class OrderingFamily implements Family {

    private final LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
    private final OrderedLock[] locks = new OrderedLock[4];
    private final long[] counts = new long[4];
    private final LongAdder[] recorded = new LongAdder[4];

    OrderingFamily() {
        for (int i = 0; i < locks.length; i++) {
            locks[i] = ordering.newLock("soak-" + i, i);
            recorded[i] = new LongAdder();
        }
    }

    @Override
    public String name() {
        return "lock sets";
    }

    @Override
    public void step(SplittableRandom random, Tally tally) throws Exception {
        List<OrderedLock> chosen = new ArrayList<>();
        List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < locks.length; i++) {
            if (random.nextBoolean()) {
                chosen.add(locks[i]);
                indices.add(i);
            }
        }
        if (chosen.isEmpty()) {
            return;
        }
        LockSet set = LockSet.of(chosen);
        Guard held;
        switch (random.nextInt(3)) {
            case 0:
                held = set.hold();
                break;
            case 1:
                held = set.holdInterruptibly();
                break;
            default:
                Optional<Guard> maybe = set.tryHold(Waits.nanos(random), TimeUnit.NANOSECONDS);
                if (maybe.isEmpty()) {
                    tally.add(name(), "timeouts");
                    return;
                }
                held = maybe.get();
        }
        try {
            for (int i : indices) {
                counts[i]++;
                recorded[i].increment();
            }
        } finally {
            held.close();
        }
        tally.add(name(), "holds of " + chosen.size() + " locks");
    }

    @Override
    public List<String> check() {
        List<String> v = Waits.list();
        for (int i = 0; i < locks.length; i++) {
            if (counts[i] != recorded[i].sum()) {
                v.add("lock sets: lock " + i + " counted " + counts[i] + " of "
                        + recorded[i].sum() + " holds (two holders overlapped)");
            }
            if (!locks[i].tryLock()) {
                v.add("lock sets: " + locks[i] + " is held at quiescence");
            } else {
                locks[i].unlock();
            }
        }
        return v;
    }
}
