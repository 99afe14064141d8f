package io.github.signalbox.examples.ordering;

import io.github.signalbox.Guard;
import io.github.signalbox.ordering.LockOrdering;
import io.github.signalbox.ordering.LockSet;
import io.github.signalbox.ordering.OrderedLock;
import io.github.signalbox.ordering.OrderingPolicies;

/**
 * Two bank accounts, two tellers, transfers in opposite directions at the same time: the textbook
 * deadlock when each transfer locks "from" and then "to". With {@link LockSet} both accounts are
 * taken in one canonical order whatever the direction, so the tellers never deadlock, and the
 * checked {@link LockOrdering} (THROW) confirms no conflicting order was ever used.
 *
 * <p>Run: {@code java -cp examples/target/examples.jar
 * io.github.signalbox.examples.ordering.BankTransfers}.
 */
public final class BankTransfers {

    /** An account: a balance guarded by its own lock. */
    public static final class Account {
        private final OrderedLock lock;
        private long cents;

        Account(LockOrdering ordering, String name, long cents) {
            this.lock = ordering.newLock(name);
            this.cents = cents;
        }

        /** The balance, read under the account's lock. */
        public long balance() {
            try (Guard g = lock.hold()) {
                return cents;
            }
        }
    }

    /** Each account's opening balance. */
    public static final long OPENING_CENTS = 1_000_000;

    private BankTransfers() {
    }

    /** Moves {@code cents} from one account to the other, both locked in a deadlock-free order. */
    public static void transfer(Account from, Account to, long cents) {
        try (Guard both = LockSet.of(from.lock, to.lock).hold()) {
            from.cents -= cents;
            to.cents += cents;
        }
    }

    /** Final balances after two tellers each made {@code transfers} opposite transfers. */
    public record Result(long alice, long bob, int transfers) {
    }

    /** Runs two tellers moving money in opposite directions, {@code transfers} times each. */
    public static Result run(int transfers) throws InterruptedException {
        LockOrdering ordering = new LockOrdering(OrderingPolicies.THROW);
        Account alice = new Account(ordering, "alice", OPENING_CENTS);
        Account bob = new Account(ordering, "bob", OPENING_CENTS);
        Thread toBob = new Thread(() -> {
            for (int i = 0; i < transfers; i++) {
                transfer(alice, bob, 3);
            }
        }, "teller-1");
        Thread toAlice = new Thread(() -> {
            for (int i = 0; i < transfers; i++) {
                transfer(bob, alice, 2);
            }
        }, "teller-2");
        toBob.start();
        toAlice.start();
        toBob.join();
        toAlice.join();
        return new Result(alice.balance(), bob.balance(), 2 * transfers);
    }

    public static void main(String[] args) throws Exception {
        Result r = run(100_000);
        System.out.println(r.transfers() + " transfers in opposite directions, no deadlock: alice "
                + r.alice() + ", bob " + r.bob() + ", total " + (r.alice() + r.bob())
                + " (was " + 2 * OPENING_CENTS + ")");
    }
}
