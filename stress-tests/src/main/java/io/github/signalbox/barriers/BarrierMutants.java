package io.github.signalbox.barriers;

/**
 * Deliberately broken barriers ("mutants") that the jcstress and Lincheck tests must reject; the
 * test command checks that they do. They reuse the real engine and override one step, the way a
 * real bug would. Kept here, never in core.
 */
public final class BarrierMutants {

    private BarrierMutants() {
    }

    /** A trip that publishes its outcome but unparks nobody: a parked party sleeps forever. */
    public static Barrier forgetfulTrip(int parties) {
        return new Barrier(Barrier.builder(parties), (owner, p, action, policy) ->
                new BarrierEngine(owner, p, action, policy) {
                    @Override
                    void wake(Arrival a) {
                        // the bug: the parked party is never unparked
                    }
                });
    }

    /** register() as a read-modify-write outside the lock: concurrent registrations get lost. */
    public static Barrier racyRegister(int parties) {
        return new Barrier(Barrier.builder(parties), (owner, p, action, policy) ->
                new BarrierEngine(owner, p, action, policy) {
                    @Override
                    int register() {
                        int next = parties + 1; // the bug: not under the lock, not atomic
                        parties = next;
                        return next;
                    }
                });
    }
}
