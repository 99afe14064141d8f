package io.github.signalbox.locks;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;

/** The four flavours of every blocking acquisition, to drive a test once per flavour. */
enum AcquireMethod {
    UNINTERRUPTIBLY {
        @Override
        boolean acquire(Lock lock) {
            lock.lock();
            return true;
        }
    },
    INTERRUPTIBLY {
        @Override
        boolean acquire(Lock lock) throws InterruptedException {
            lock.lockInterruptibly();
            return true;
        }
    },
    TRY {
        @Override
        boolean acquire(Lock lock) {
            return lock.tryLock();
        }
    },
    TIMED {
        @Override
        boolean acquire(Lock lock) throws InterruptedException {
            return lock.tryLock(1, TimeUnit.DAYS);
        }
    };

    /** Acquires with this flavour (timed: practically no limit); whether it got the lock. */
    abstract boolean acquire(Lock lock) throws InterruptedException;

    boolean blocks() {
        return this != TRY;
    }

    boolean interruptible() {
        return this == INTERRUPTIBLY || this == TIMED;
    }
}
