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
     * The reader gate ignores a writer that holds the lock, so fast-path readers walk in on a
     * write: read/write exclusion is broken.
     */
    public static ReadersWritersLock leakyGate() {
        return new ReadersWritersLock(new Admission.Fair() {
            @Override
            int gate(RwEngine engine) {
                return gateWhileNoWriter(engine);
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
}
