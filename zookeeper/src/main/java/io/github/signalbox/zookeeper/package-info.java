/**
 * signalbox across processes: the same primitives, with the same names, shapes and exceptions as
 * in one JVM, whose state lives in ZooKeeper and is used through Apache Curator.
 *
 * <ul>
 *   <li>{@link io.github.signalbox.zookeeper.ZkPrimitives}: the entry point, one per connection
 *       and namespace ({@code connect(curator, "/app/locks")}, {@code connect(connectString,
 *       ...)}, or {@code embedded(...)} for development and tests);
 *   <li>{@link io.github.signalbox.zookeeper.ZkReadersWritersLock}: readers-writers lock with the
 *       FAIR, WRITER_PREFERENCE and READER_PREFERENCE policies;
 *   <li>{@link io.github.signalbox.zookeeper.ZkBoundedSemaphore}: FIFO bounded semaphore whose
 *       bound is stored in ZooKeeper, with {@link io.github.signalbox.zookeeper.ZkPermit} leases;
 *   <li>{@link io.github.signalbox.zookeeper.ZkBarrier}: Python-style barrier;
 *   <li>{@link io.github.signalbox.zookeeper.ZkEvent}: event (set, clear, wait);
 *   <li>{@link io.github.signalbox.zookeeper.ZkCounter}: atomic counter you can wait on;
 *   <li>{@link io.github.signalbox.zookeeper.Lease}, {@link
 *       io.github.signalbox.zookeeper.LeaseState}: what a hold is and whether it still holds,
 *       with a fencing token; {@link io.github.signalbox.zookeeper.LeaseLostException} and
 *       {@link io.github.signalbox.zookeeper.CoordinationException} for session loss and
 *       ZooKeeper failures.
 * </ul>
 *
 * <p>What carries over from one JVM and what does not: a lease is lost when its ZooKeeper
 * session ends, and a paused process cannot know that until it runs again; every lease therefore
 * carries a fencing token (see {@link io.github.signalbox.zookeeper.Lease}). Time-outs are
 * measured on each process's own clock; no clocks are compared across processes. Every
 * operation costs ZooKeeper round trips (milliseconds, not nanoseconds).
 */
package io.github.signalbox.zookeeper;
