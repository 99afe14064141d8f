package io.github.signalbox.internal.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/** A barrier tripped; the event's duration is the time its action took. */
@Name("io.github.signalbox.BarrierTrip")
@Label("Barrier Trip")
@Category({"signalbox"})
@Description("The last party arrived; the duration is the time the barrier action took")
@Threshold("20 ms")
@StackTrace(false)
final class BarrierTripEvent extends jdk.jfr.Event {

    @Label("Name")
    String name;

    @Label("Round")
    @Description("The round that tripped, counting from 0")
    long round;

    @Label("Parties")
    int parties;

    @Label("Action Failed")
    @Description("Whether the action threw, which breaks the barrier")
    boolean actionFailed;
}
