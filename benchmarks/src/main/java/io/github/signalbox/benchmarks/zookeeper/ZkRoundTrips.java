package io.github.signalbox.benchmarks.zookeeper;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;

/**
 * Counts the requests the ZooKeeper server receives per uncontended acquire+release of each
 * {@link ZkKind} (the server's packet counter, read with the "srvr" command before and after
 * 1,000 operations; one client, so nothing else talks to the server but its pings).
 * Usage: {@code java -cp benchmarks/target/benchmarks.jar
 * io.github.signalbox.benchmarks.zookeeper.ZkRoundTrips [operations]}.
 */
public final class ZkRoundTrips {

    private ZkRoundTrips() {
    }

    public static void main(String[] args) throws Exception {
        int operations = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        System.setProperty("zookeeper.4lw.commands.whitelist", "*");
        System.setProperty("zookeeper.admin.enableServer", "false");
        System.out.printf(Locale.ROOT, "%-28s %14s %12s%n", "kind", "requests/op", "us/op");
        for (ZkKind kind : ZkKind.values()) {
            try (TestingServer server = new TestingServer(true);
                    CuratorFramework curator = CuratorFrameworkFactory.newClient(
                            server.getConnectString(), new RetryOneTime(100))) {
                curator.start();
                curator.blockUntilConnected();
                ZkKind.Op op = kind.create(curator, "/count");
                for (int i = 0; i < 100; i++) {
                    op.run(); // the first acquisitions create the nodes; then steady state
                }
                long before = received(server.getPort());
                long start = System.nanoTime();
                for (int i = 0; i < operations; i++) {
                    op.run();
                }
                long micros = (System.nanoTime() - start) / 1_000;
                long after = received(server.getPort());
                // minus the srvr connection itself (one packet)
                System.out.printf(Locale.ROOT, "%-28s %14.2f %12.1f%n", kind,
                        (after - before - 1) / (double) operations, micros / (double) operations);
            }
        }
    }

    private static long received(int port) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            OutputStream out = s.getOutputStream();
            out.write("srvr".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                    StandardCharsets.US_ASCII));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("Received:")) {
                    return Long.parseLong(line.substring("Received:".length()).trim());
                }
            }
        }
        throw new IllegalStateException("no packet count from srvr");
    }
}
