package io.github.signalbox.stress.locks;

import io.github.signalbox.Guard;
import io.github.signalbox.locks.ReadersWritersLock;
import io.github.signalbox.locks.UpgradableGuard;
import java.time.Duration;
import org.jetbrains.kotlinx.lincheck.annotations.Operation;

/**
 * The Lincheck scenario of the upgradable read mode, beside plain reads and writes: each
 * operation is self-contained (acquire, touch a guarded two-field counter, release), so the
 * class is its own sequential specification. An upgrade checks that the value it read under the
 * upgradable hold is still there once it holds the write lock (-2 otherwise: a writer got in
 * between); readers return -1 if they see the two fields differ. A lost wakeup or a deadlock
 * shows up as a hang.
 */
public abstract class UpgradableScenario {

    private final ReadersWritersLock lock;
    private int first;
    private int second;

    protected UpgradableScenario(ReadersWritersLock lock) {
        this.lock = lock;
    }

    private int observe() {
        int f = first;
        int s = second;
        return f == s ? f : -1;
    }

    @Operation
    public int read() {
        try (Guard g = lock.read()) {
            return observe();
        }
    }

    @Operation
    public int write() {
        try (Guard g = lock.write()) {
            first++;
            second++;
            return first;
        }
    }

    @Operation
    public int upgradableRead() {
        try (UpgradableGuard u = lock.upgradable()) {
            return observe();
        }
    }

    @Operation
    public int upgradeThenWrite() {
        try (UpgradableGuard u = lock.upgradable()) {
            int seen = observe();
            try (Guard w = u.upgrade()) {
                if (observe() != seen) {
                    return -2;
                }
                first++;
                second++;
                return first;
            }
        }
    }

    /** A zero-timeout upgrade that falls back to the blocking one (stays deterministic). */
    @Operation
    public int tryUpgradeThenWrite() throws InterruptedException {
        try (UpgradableGuard u = lock.upgradable()) {
            int seen = observe();
            Guard w;
            try {
                w = u.upgrade(Duration.ZERO);
            } catch (java.util.concurrent.TimeoutException notNow) {
                w = u.upgrade();
            }
            try (Guard held = w) {
                if (observe() != seen) {
                    return -2;
                }
                first++;
                second++;
                return first;
            }
        }
    }
}
