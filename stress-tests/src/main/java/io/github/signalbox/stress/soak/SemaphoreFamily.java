package io.github.signalbox.stress.soak;

import io.github.signalbox.semaphores.BoundedSemaphore;
import io.github.signalbox.semaphores.Fairness;
import io.github.signalbox.semaphores.Permit;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bounded semaphore of one fairness: single and multi-permit requests in every waiting style
 * and run-time bound changes between 2 and 5. While held, the permits in use never exceed the
 * largest bound; at a checkpoint every permit is back and nobody is queued.
 */
final class SemaphoreFamily implements Family {

    private static final int MAX_BOUND = 5;

    private final BoundedSemaphore semaphore;
    private final String name;
    private final AtomicInteger inUse = new AtomicInteger();
    private final AtomicInteger overBound = new AtomicInteger();

    SemaphoreFamily(Fairness fairness) {
        this(BoundedSemaphore.builder(3).fairness(fairness).name("soak-" + fairness).build(),
                "semaphore " + fairness);
    }

    SemaphoreFamily(BoundedSemaphore semaphore, String name) {
        this.semaphore = semaphore;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void step(SplittableRandom random, Tally tally) throws Exception {
        int n = 1 + random.nextInt(2);
        switch (random.nextInt(5)) {
            case 0:
                semaphore.acquireUninterruptibly(n);
                use(n);
                break;
            case 1:
                semaphore.acquire(n);
                use(n);
                break;
            case 2:
                if (semaphore.tryAcquire(n, Waits.nanos(random), TimeUnit.NANOSECONDS)) {
                    use(n);
                } else {
                    tally.add(name, "timeouts");
                }
                break;
            case 3: {
                Permit p = Waits.settle(semaphore.acquireAsync(n), random, tally, name);
                if (p != null) {
                    hold(p);
                }
                break;
            }
            default:
                semaphore.setBound(2 + random.nextInt(MAX_BOUND - 1)); // never below a request
                tally.add(name, "bound changes");
                return;
        }
        tally.add(name, n == 1 ? "single-permit operations" : "2-permit operations");
    }

    private void use(int n) {
        if (inUse.addAndGet(n) > MAX_BOUND) {
            overBound.incrementAndGet();
        }
        for (int i = (n - 1) * 2_000; i > 0; i--) {
            Thread.onSpinWait(); // two permits are held a little longer: requests queue
        }
        inUse.addAndGet(-n);
        semaphore.release(n);
    }

    private void hold(Permit p) {
        try {
            if (inUse.addAndGet(p.permits()) > MAX_BOUND) {
                overBound.incrementAndGet();
            }
            inUse.addAndGet(-p.permits());
        } finally {
            p.close();
        }
    }

    @Override
    public List<String> check() {
        List<String> v = Waits.list();
        Waits.expect(v, name + ": a request stayed queued: " + semaphore,
                () -> semaphore.getQueueLength() == 0);
        if (semaphore.availablePermits() != semaphore.bound() || semaphore.permitsInUse() != 0) {
            v.add(name + ": permits not all back at quiescence: " + semaphore);
        }
        if (overBound.get() != 0) {
            v.add(name + ": " + overBound.get() + " times more permits in use than the bound");
        }
        return v;
    }
}
