package io.github.signalbox.locks;


/**
 * Deliberately broken readers-writers locks ("mutants"). The jcstress and Lincheck tests must
 * reject each one; the test command checks that they do, which proves the tests can fail.
 * They live here, in the stress-tests module, and never in core: they reuse the real engine and
 * change a single policy hook, the way a real bug would.
 */
public final class Mutants {

    private Mutants() {
    }

    /**
     * A writer that revokes the read bias but never looks at the visible-readers table, so
     * readers registered there walk on while it writes: read/write exclusion is broken. The lock
     * starts with the read bias on, as if readers had overlapped.
     */
    public static ReadersWritersLock blindRevocation() {
        return new ReadersWritersLock(new Admission.Fair() {
            @Override
            int visibleReaderSlotsToScan() {
                return 0;
            }
        }).startReadBiasedForTest();
    }

    /** A correct lock of {@code policy} that starts with the read bias on (for the stress tests). */
    public static ReadersWritersLock readBiased(ReadersWritersPolicy policy) {
        return new ReadersWritersLock(policy).startReadBiasedForTest();
    }

    /**
     * An upgrade that releases the upgradable hold and then competes for the write lock like any
     * writer: another writer can get in between, so a value read under the upgradable hold may be
     * stale after the upgrade (the misuse of StampedLock's conversion the mode exists to avoid).
     */
    public static ReadersWritersLock releasingUpgrade() {
        return new ReadersWritersLock(new Admission.Fair() {
            @Override
            boolean atomicUpgrade() {
                return false;
            }
        });
    }

    /**
     * A release that forgets to wake waiters: a thread that blocked on the lock is never served
     * (a lost wakeup).
     */
    public static ReadersWritersLock forgetfulRelease() {
        return new ReadersWritersLock(new Admission.Fair() {
            @Override
            void dispatch(RwEngine engine) {
                // the bug: nobody is granted or woken
            }
        });
    }

    /**
     * A grant that meets a future cancelled (or timed out) an instant before is dropped instead
     * of released: the asynchronous request is gone and so is the lock, for good.
     */
    public static ReadersWritersLock droppedGrant() {
        return new ReadersWritersLock(new Admission.Fair() {
            @Override
            boolean releasesUnclaimedGrants() {
                return false;
            }
        });
    }
}
