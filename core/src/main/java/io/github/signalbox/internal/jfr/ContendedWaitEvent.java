package io.github.signalbox.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** A thread waited for a signalbox primitive (lock, permits, barrier, event, counter). */
@Name("io.github.signalbox.ContendedWait")
@Label("Contended Wait")
@Category({"signalbox"})
@Description("A thread had to wait for a signalbox primitive")
@Threshold("20 ms")
@StackTrace(true)
final class ContendedWaitEvent extends jdk.jfr.Event {

    @Label("Primitive")
    @Description("The kind of primitive, e.g. ReadersWritersLock")
    String primitive;

    @Label("Name")
    @Description("The name given at construction, or the identity hash when none")
    String name;

    @Label("Policy")
    @Description("The policy or fairness, when the primitive has one")
    String policy;

    @Label("Mode")
    @Description("What the thread waited for: read, write, n permits, round n, set, value")
    String mode;

    @Label("Queue Length")
    @Description("Threads already waiting when this one arrived (-1: unknown)")
    int queueLength;

    @Label("Outcome")
    @Description("granted, timed out, interrupted or broken")
    String outcome;
}
