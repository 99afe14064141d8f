package io.github.signalbox.zookeeper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one-call embedded server of the README's quick start. */
class EmbeddedServerTest {

    @Test
    void embeddedStartsAServerThatOtherClientsReachAndStopsIt() throws Exception {
        String connectString;
        try (ZkPrimitives zk = ZkPrimitives.embedded("/quick-start")) {
            connectString = zk.connectString();
            assertTrue(connectString.startsWith("127.0.0.1:"), connectString);
            assertEquals(1, zk.counter("c").incrementAndGet());
            try (ZkPrimitives other = ZkPrimitives.connect(connectString, "/quick-start")) {
                assertEquals(2, other.counter("c").incrementAndGet());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> ZkPrimitives.embedded("relative"));
        assertThrows(IllegalArgumentException.class, () -> ZkPrimitives.embedded("/"));
    }
}
