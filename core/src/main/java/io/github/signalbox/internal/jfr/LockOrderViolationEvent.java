package io.github.signalbox.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** An acquisition that contradicts the order a LockOrdering has seen (a potential deadlock). */
@Name("io.github.signalbox.LockOrderViolation")
@Label("Lock Order Violation")
@Category({"signalbox"})
@Description("A lock was acquired against the order recorded before: a potential deadlock")
@StackTrace(true)
final class LockOrderViolationEvent extends jdk.jfr.Event {

    @Label("Ordering")
    String ordering;

    @Label("Policy")
    @Description("What the ordering does about a violation: THROW, WARN or DISABLED")
    String policy;

    @Label("Cycle")
    @Description("The locks of the cycle, in the order they were acquired")
    String cycle;
}
