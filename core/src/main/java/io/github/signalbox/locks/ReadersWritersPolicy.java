package io.github.signalbox.locks;

/**
 * Who goes first when readers and writers compete for a {@link ReadersWritersLock}: the three
 * classic readers-writers problems.
 *
 * <table class="striped">
 *   <caption>What each policy guarantees</caption>
 *   <thead>
 *     <tr><th>policy</th><th>a newly arriving reader enters while a writer waits?</th>
 *         <th>who may starve</th></tr>
 *   </thead>
 *   <tbody>
 *     <tr><td>{@link #READER_PREFERENCE}</td><td>yes, unless a writer holds the lock</td>
 *         <td>writers</td></tr>
 *     <tr><td>{@link #WRITER_PREFERENCE}</td><td>no</td><td>readers</td></tr>
 *     <tr><td>{@link #FAIR}</td><td>no: it queues behind the writer</td><td>nobody</td></tr>
 *   </tbody>
 * </table>
 *
 * <p>Under every policy, "arrival" means joining the lock's wait queue. A thread that finds the
 * lock taken while nobody is queued first retries for a few microseconds (one park round trip,
 * about 10 us) before it joins; while nobody is queued, such threads and new arrivals compete
 * freely, as in a non-fair lock, and once somebody is queued the policy decides alone. So an
 * arrival can be overtaken only during those microseconds, never for longer.
 */
public enum ReadersWritersPolicy {

    /**
     * The first readers-writers problem. A reader enters whenever no writer holds the lock, even
     * when writers wait; when a writer releases, waiting readers are admitted before waiting
     * writers. Writers are admitted one at a time in arrival order, but only when no reader holds
     * the lock, so a steady stream of overlapping readers starves writers: that is the trade-off
     * this policy documents and accepts.
     */
    READER_PREFERENCE,

    /**
     * The second readers-writers problem. Once a writer waits, no newly arriving reader enters
     * (except a thread that already holds the read lock, which is always admitted); the writer
     * enters as soon as the readers already inside leave. Writers are served in arrival order,
     * and readers only when no writer holds or waits, so a steady stream of writers starves
     * readers: the documented trade-off.
     */
    WRITER_PREFERENCE,

    /**
     * The third readers-writers problem ("service order"). One queue in arrival order: a writer
     * waits for the readers ahead of it, consecutive readers enter together, and no thread waits
     * behind one that arrived later. Nobody starves. This is the default.
     */
    FAIR
}
