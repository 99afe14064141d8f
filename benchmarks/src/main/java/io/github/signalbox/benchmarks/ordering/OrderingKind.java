package io.github.signalbox.benchmarks.ordering;

import com.google.common.util.concurrent.CycleDetectingLockFactory;
import io.github.signalbox.ordering.LockOrdering;
import io.github.signalbox.ordering.OrderingPolicies;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/** The exclusive locks compared: ours checked and unchecked, Guava's checked, and the plain JDK lock. */
public enum OrderingKind {
    /** {@link LockOrdering} with {@link OrderingPolicies#THROW}: checked. */
    SB_CHECKED("GUAVA_CHECKED"),
    /** {@link LockOrdering} with {@link OrderingPolicies#DISABLED}: no bookkeeping. */
    SB_DISABLED("JDK_PLAIN"),
    /** Guava's {@link CycleDetectingLockFactory} with {@code Policies.THROW}. */
    GUAVA_CHECKED(null),
    /** A plain non-fair {@link ReentrantLock}. */
    JDK_PLAIN(null);

    /** The kind this one is compared with, or null for a baseline. */
    public final String baseline;

    OrderingKind(String baseline) {
        this.baseline = baseline;
    }

    /** {@code count} new locks of this kind, in their acquisition order. */
    public Lock[] newLocks(int count) {
        Lock[] locks = new Lock[count];
        switch (this) {
            case SB_CHECKED:
            case SB_DISABLED: {
                LockOrdering ordering = new LockOrdering(this == SB_CHECKED
                        ? OrderingPolicies.THROW : OrderingPolicies.DISABLED);
                for (int i = 0; i < count; i++) {
                    locks[i] = ordering.newLock("lock-" + i);
                }
                break;
            }
            case GUAVA_CHECKED: {
                CycleDetectingLockFactory factory = CycleDetectingLockFactory.newInstance(
                        CycleDetectingLockFactory.Policies.THROW);
                for (int i = 0; i < count; i++) {
                    locks[i] = factory.newReentrantLock("lock-" + i);
                }
                break;
            }
            default:
                for (int i = 0; i < count; i++) {
                    locks[i] = new ReentrantLock();
                }
        }
        return locks;
    }
}
