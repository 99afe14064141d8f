package io.github.signalbox.stress.soak;

import io.github.signalbox.events.AutoResetEvent;
import io.github.signalbox.events.Event;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * An Event and an AutoResetEvent set, cleared and waited for in every style; at a checkpoint no
 * thread waits and no awaitAsync() registration is left.
 */
final class EventFamily implements Family {

    private final Event event = Event.builder().name("soak-event").build();
    private final AutoResetEvent autoReset = AutoResetEvent.builder().name("soak-auto").build();

    @Override
    public String name() {
        return "events";
    }

    @Override
    public void step(SplittableRandom random, Tally tally) throws Exception {
        switch (random.nextInt(7)) {
            case 0:
                event.set();
                tally.add(name(), "sets");
                break;
            case 1:
                event.clear();
                break;
            case 2:
                if (!event.await(Waits.nanos(random), TimeUnit.NANOSECONDS)) {
                    tally.add(name(), "timeouts");
                }
                break;
            case 3:
                Waits.settle(event.awaitAsync(), random, tally, name());
                break;
            case 4:
                autoReset.set();
                tally.add(name(), "auto-reset sets");
                break;
            default:
                if (!autoReset.await(Waits.nanos(random), TimeUnit.NANOSECONDS)) {
                    tally.add(name(), "timeouts");
                } else {
                    tally.add(name(), "auto-reset passes");
                }
        }
        tally.add(name(), "operations");
    }

    @Override
    public List<String> check() {
        List<String> v = Waits.list();
        Waits.expect(v, "Event: waiters or futures left: " + event + ", pending futures "
                + event.getPendingFutureCount(), () -> event.getWaiterCount() == 0
                && event.getPendingFutureCount() == 0);
        Waits.expect(v, "AutoResetEvent: waiters left: " + autoReset,
                () -> autoReset.getWaiterCount() == 0);
        return v;
    }
}
