package io.github.signalbox.benchmarks.zookeeper;

import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Uncontended acquire+release on a ZooKeeper server inside the benchmark JVM (curator-test's
 * TestingServer, loopback), one Curator client: signalbox's distributed readers-writers lock and
 * bounded semaphore against Curator's InterProcessReadWriteLock, InterProcessMutex and
 * InterProcessSemaphoreV2, in the same run. Time per acquire+release, in microseconds; most of it
 * is ZooKeeper round trips and the server's disk sync, so it mostly counts round trips
 * ({@link ZkRoundTrips} counts them).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
public class ZkBenchmark {

    @Param
    public ZkKind kind;

    private TestingServer server;
    private CuratorFramework curator;
    private ZkKind.Op op;

    @Setup
    public void setUp() throws Exception {
        System.setProperty("zookeeper.admin.enableServer", "false");
        server = new TestingServer(true);
        curator = CuratorFrameworkFactory.newClient(server.getConnectString(),
                new RetryOneTime(100));
        curator.start();
        curator.blockUntilConnected();
        op = kind.create(curator, "/bench");
    }

    @TearDown
    public void tearDown() throws Exception {
        curator.close();
        server.close();
    }

    @Benchmark
    public void uncontended() throws Exception {
        op.run();
    }
}
