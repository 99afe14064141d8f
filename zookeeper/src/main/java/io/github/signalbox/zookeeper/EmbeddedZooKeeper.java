package io.github.signalbox.zookeeper;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.zookeeper.server.ServerConfig;
import org.apache.zookeeper.server.ZooKeeperServerMain;

/**
 * A single ZooKeeper server inside this JVM, on a free loopback port, with its data in a
 * temporary directory deleted at {@link #close()}. For development, examples and tests only: one
 * server is no ensemble, so it gives no fault tolerance at all.
 */
final class EmbeddedZooKeeper implements AutoCloseable {

    private final Path dataDir;
    private final Server server = new Server();
    private final Thread thread;
    private volatile Throwable failure;

    private EmbeddedZooKeeper() throws IOException {
        dataDir = Files.createTempDirectory("signalbox-zookeeper-");
        // the embedded server needs no HTTP admin endpoint (and Jetty is not on the class path)
        System.setProperty("zookeeper.admin.enableServer", "false");
        LoopbackConfig config = new LoopbackConfig(dataDir.toFile());
        thread = new Thread(() -> {
            try {
                server.runFromConfig(config);
            } catch (Throwable e) { // also an Error: the caller must not wait for nothing
                failure = e;
                server.started.countDown();
            }
        }, "signalbox-embedded-zookeeper");
        thread.setDaemon(true);
    }

    /** Starts a server and waits until it accepts connections. */
    static EmbeddedZooKeeper start() {
        try {
            Class.forName("com.codahale.metrics.Reservoir", false,
                    EmbeddedZooKeeper.class.getClassLoader());
            Class.forName("org.xerial.snappy.SnappyInputStream", false,
                    EmbeddedZooKeeper.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("ZkPrimitives.embedded() runs a ZooKeeper server,"
                    + " which needs io.dropwizard.metrics:metrics-core and"
                    + " org.xerial.snappy:snappy-java on the class path (optional dependencies of"
                    + " signalbox-zookeeper: add both to your build, or use connect() with a real"
                    + " ensemble); missing: " + e.getMessage(), e);
        }
        try {
            EmbeddedZooKeeper zk = new EmbeddedZooKeeper();
            zk.thread.start();
            if (!zk.server.started.await(60, TimeUnit.SECONDS)) {
                zk.close();
                throw new IllegalStateException("the embedded ZooKeeper did not start in 60 s");
            }
            if (zk.failure != null) {
                zk.close();
                throw new IllegalStateException("the embedded ZooKeeper failed to start",
                        zk.failure);
            }
            return zk;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded ZooKeeper");
        }
    }

    /** The connect string of this server ({@code 127.0.0.1:port}). */
    String connectString() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + server.getClientPort();
    }

    @Override
    public void close() {
        server.stop();
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing a shutdown for
        }
    }

    /** ZooKeeper's standalone server, with its start and stop made visible. */
    private static final class Server extends ZooKeeperServerMain {
        final CountDownLatch started = new CountDownLatch(1);

        @Override
        protected void serverStarted() {
            started.countDown();
        }

        void stop() {
            shutdown();
        }
    }

    /** Loopback only, port chosen by the system, a short tick so that tests see expiry soon. */
    private static final class LoopbackConfig extends ServerConfig {
        LoopbackConfig(File dataDir) {
            this.clientPortAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
            this.dataDir = dataDir;
            this.dataLogDir = dataDir;
            this.tickTime = 500;
            this.maxClientCnxns = 0; // no limit per client address: every client is local
            this.minSessionTimeout = -1;
            this.maxSessionTimeout = -1;
        }
    }
}
