package io.github.signalbox.stress.soak;

import io.github.signalbox.Guard;
import io.github.signalbox.locks.AsyncUpgradableGuard;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.ReadersWritersPolicy;
import io.github.signalbox.locks.UpgradableGuard;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * A readers-writers lock of one policy guarding two fields that every writer increments together:
 * readers must see them equal, and at a checkpoint both equal the number of writes made.
 */
final class LockFamily implements Family {

    private final ReadersWritersLock lock;
    private final String name;
    private long a;
    private long b;
    private final LongAdder writes = new LongAdder();
    private final LongAdder tornReads = new LongAdder();

    LockFamily(ReadersWritersPolicy policy) {
        this(ReadersWritersLock.builder().policy(policy).name("soak-" + policy).build(),
                "lock " + policy);
    }

    LockFamily(ReadersWritersLock lock, String name) {
        this.lock = lock;
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    private void read() {
        if (a != b) {
            tornReads.increment();
        }
    }

    private void write() {
        a++;
        b++;
        writes.increment();
    }

    @Override
    public void step(SplittableRandom random, Tally tally) throws Exception {
        boolean write = random.nextInt(3) == 0;
        int spins = random.nextInt(4) == 0 ? random.nextInt(4_000) : 0; // a longer hold: queues
        switch (random.nextInt(6)) {
            case 0: // untimed, uninterruptible
                touchUnder(write ? lock.write() : lock.read(), write, spins);
                break;
            case 1: // interruptible
                touchUnder(write ? lock.writeInterruptibly() : lock.readInterruptibly(), write,
                        spins);
                break;
            case 2: { // timed: zero, a microsecond or a millisecond
                long nanos = Waits.nanos(random);
                var got = write ? lock.tryWrite(nanos, TimeUnit.NANOSECONDS)
                        : lock.tryRead(nanos, TimeUnit.NANOSECONDS);
                if (got.isEmpty()) {
                    tally.add(name, "timeouts");
                } else {
                    touchUnder(got.get(), write, spins);
                }
                break;
            }
            case 3: { // asynchronous, waited for a while or cancelled
                Guard g = Waits.settle(write ? lock.writeAsync() : lock.readAsync(), random,
                        tally, name);
                if (g != null) {
                    touchUnder(g, write, spins);
                }
                break;
            }
            case 4: { // upgradable read, sometimes upgraded (a timed upgrade keeps the hold)
                UpgradableGuard u;
                try {
                    u = lock.upgradable(Waits.nanos(random) + 1_000_000L, TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    tally.add(name, "timeouts");
                    break;
                }
                try {
                    read();
                    if (random.nextBoolean()) {
                        touchUnder(u.upgrade(random.nextBoolean() ? 0L : 1_000_000L,
                                TimeUnit.NANOSECONDS), true, spins);
                    }
                } catch (TimeoutException e) {
                    tally.add(name, "timeouts"); // the upgradable hold stays; closed below
                } finally {
                    u.close();
                }
                break;
            }
            default: { // asynchronous upgradable read and upgrade
                AsyncUpgradableGuard u = Waits.settle(lock.upgradableAsync(), random, tally,
                        name);
                if (u != null) {
                    try {
                        read();
                        if (random.nextBoolean()) {
                            Guard w = Waits.settle(u.upgradeAsync(), random, tally, name);
                            if (w != null) {
                                touchUnder(w, true, spins);
                            }
                        }
                    } finally {
                        u.close();
                    }
                }
            }
        }
        tally.add(name, write ? "writes" : "operations");
    }

    private void touchUnder(Guard held, boolean write, int spins) {
        try {
            for (int i = 0; i < spins; i++) {
                Thread.onSpinWait();
            }
            if (write) {
                write();
            } else {
                read();
            }
        } finally {
            held.close();
        }
    }

    @Override
    public List<String> check() {
        List<String> v = Waits.list();
        Waits.expect(v, name + ": a request stayed queued: " + lock, () -> lock.getQueueLength() == 0);
        if (lock.isWriteLocked() || lock.getReadLockCount() != 0 || lock.isUpgradableLocked()) {
            v.add(name + ": held at quiescence: " + lock);
        }
        if (a != b || a != writes.sum()) {
            v.add(name + ": guarded fields " + a + "/" + b + " after " + writes.sum()
                    + " writes (a write was lost or overlapped)");
        }
        if (tornReads.sum() != 0) {
            v.add(name + ": " + tornReads.sum() + " reads saw a half-done write");
        }
        return v;
    }
}
