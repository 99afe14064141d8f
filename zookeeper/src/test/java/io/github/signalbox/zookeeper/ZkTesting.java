package io.github.signalbox.zookeeper;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;

/** One ZooKeeper server for the whole test JVM, clients on it, and polling helpers. */
final class ZkTesting {

    static {
        // "srvr" and "mntr" for the round-trip counts and the leader search
        System.setProperty("zookeeper.4lw.commands.whitelist", "*");
        System.setProperty("zookeeper.admin.enableServer", "false");
    }

    private static TestingServer server;
    private static final AtomicInteger NAMESPACES = new AtomicInteger();

    private ZkTesting() {
    }

    static synchronized TestingServer server() {
        if (server == null) {
            try {
                // a 500 ms tick: sessions of 1 to 10 s, so expiry tests take seconds
                server = new TestingServer(new InstanceSpec(null, -1, -1, -1, true, -1, 500, -1),
                        true);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return server;
    }

    /** A fresh namespace, so that tests never see each other's nodes. */
    static String namespace() {
        return "/test-" + NAMESPACES.incrementAndGet();
    }

    /** A started client with a short session timeout (expiry tests), retrying for 10 s. */
    static CuratorFramework client(String connectString) {
        CuratorFramework c = CuratorFrameworkFactory.builder().connectString(connectString)
                .sessionTimeoutMs(4_000).connectionTimeoutMs(4_000)
                .retryPolicy(new RetryNTimes(40, 250)).build();
        c.start();
        try {
            if (!c.blockUntilConnected(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no connection to " + connectString);
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return c;
    }

    /** Polls until {@code condition} holds (60 s at most); the state is what tests coordinate on. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting for: " + what);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    static List<String> children(CuratorFramework c, String path) {
        try {
            return c.getChildren().forPath(path);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A ZooKeeper "four-letter word" reply (srvr, mntr) from the server at {@code port}. */
    static String fourLetterWord(int port, String word) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            OutputStream out = s.getOutputStream();
            out.write(word.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            StringBuilder reply = new StringBuilder();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                reply.append(line).append('\n');
            }
            return reply.toString();
        } catch (IOException e) {
            return "";
        }
    }

    /** Packets the server has received so far ("Received:" of srvr). */
    static long packetsReceived(int port) {
        for (String line : fourLetterWord(port, "srvr").split("\n")) {
            if (line.startsWith("Received:")) {
                return Long.parseLong(line.substring("Received:".length()).trim());
            }
        }
        throw new IllegalStateException("no Received line from srvr on port " + port);
    }
}
