package io.github.signalbox.zookeeper;

/**
 * A ZooKeeper operation failed for a reason the primitive cannot handle itself: the ensemble was
 * unreachable for longer than Curator's retry policy allows, the client was closed, or the
 * server refused the request (for example for lack of permission). The cause is the exception
 * Curator or ZooKeeper reported.
 *
 * <p>When an acquisition fails this way, the primitive has removed what it had written for that
 * acquisition (or, if the connection is gone, the session's end removes it).
 */
public class CoordinationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was being done, naming the primitive's path
     * @param cause what ZooKeeper or Curator reported
     */
    public CoordinationException(String message, Throwable cause) {
        super(message, cause);
    }
}
