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
                    void wake(Waiter w) {
                        // the bug: the parked party is never unparked
                    }
                });
    }

    /**
     * An asynchronous arrival that pushes its node without looking at its round again: when the
     * round trips between the arrival and the push, nobody completes the future.
     */
    public static Barrier asyncArrivalWithoutSecondLook(int parties) {
        return new Barrier(Barrier.builder(parties), (owner, p, action, policy) ->
                new BarrierEngine(owner, p, action, policy) {
                    @Override
                    void publishAsync(Waiter node) {
                        Thread.yield(); // widens the window a real compiler would leave
                        push(node, node); // the bug: no second look after the push
                    }
                });
    }

    /** register() reads the count outside the lock: concurrent registrations get lost. */
    public static Barrier racyRegister(int parties) {
        return new Barrier(Barrier.builder(parties), (owner, p, action, policy) ->
                new BarrierEngine(owner, p, action, policy) {
                    @Override
                    int register() {
                        int next = parties() + 1; // the bug: read before the lock, not atomic
                        return changeParties(old -> next);
                    }
                });
    }

    /**
     * A lock-free arrival that replaces the barrier's word with a plain write instead of a CAS:
     * two parties that arrive together can both count from the same word, one arrival is lost,
     * and indices repeat or a round never trips.
     */
    public static Barrier racyArrival(int parties, TimeoutPolicy timeoutPolicy) {
        return new Barrier(Barrier.builder(parties).timeoutPolicy(timeoutPolicy),
                (owner, p, action, policy) -> new BarrierEngine(owner, p, action, policy) {
                    @Override
                    boolean casState(long expected, long next) {
                        if (state() != expected) {
                            return false;
                        }
                        Thread.yield(); // widens the window a real compiler would leave
                        setState(next); // the bug: check-then-write, not one CAS
                        return true;
                    }
                });
    }
}
