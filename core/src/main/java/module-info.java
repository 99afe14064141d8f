/**
 * signalbox: reusable synchronization primitives, each verified by unit, jcstress and Lincheck
 * tests. See {@link io.github.signalbox} for the memory-visibility guarantees every primitive
 * gives.
 */
module io.github.signalbox {
    requires org.slf4j;
    requires static jdk.jfr; // only when present: see internal.Jfr

    exports io.github.signalbox;
    exports io.github.signalbox.barriers;
    exports io.github.signalbox.counters;
    exports io.github.signalbox.events;
    exports io.github.signalbox.locks;
    exports io.github.signalbox.ordering;
    exports io.github.signalbox.semaphores;
    exports io.github.signalbox.diagnostics;
    exports io.github.signalbox.internal.jfr to jdk.jfr;
}
