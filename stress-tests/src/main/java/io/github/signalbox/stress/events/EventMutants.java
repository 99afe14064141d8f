package io.github.signalbox.stress.events;

import java.util.concurrent.locks.LockSupport;

/**
 * Deliberately broken events ("mutants") that the jcstress and Lincheck tests must reject; the
 * test command checks that they do. Kept here, never in core.
 */
public final class EventMutants {

    private EventMutants() {
    }

    /** An event whose set() raises the flag but wakes nobody: a parked waiter sleeps forever. */
    public static Flag silentSet() {
        return new Flag() {
            private volatile boolean flag;

            @Override
            public void set() {
                flag = true; // the bug: no waiter is unparked
            }

            @Override
            public void clear() {
                flag = false;
            }

            @Override
            public boolean isSet() {
                return flag;
            }

            @Override
            public void awaitUninterruptibly() {
                while (!flag) {
                    LockSupport.park(this);
                }
            }
        };
    }

    /** An auto-reset event that consumes its flag by check-then-act: one set, two passes. */
    public static Pass racyConsume() {
        return new RacyPass();
    }

    /** The racy auto-reset event, as a class Lincheck can instantiate. */
    public static class RacyPass implements Pass {
        private volatile boolean flag;

        @Override
        public void set() {
            flag = true;
        }

        @Override
        public boolean tryAwait() {
            if (flag) {
                flag = false; // the bug: another consumer may have passed the check too
                return true;
            }
            return false;
        }

        @Override
        public void awaitUninterruptibly() {
            while (!tryAwait()) {
                Thread.onSpinWait();
            }
        }
    }
}
