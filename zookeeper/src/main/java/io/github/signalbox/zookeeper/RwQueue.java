package io.github.signalbox.zookeeper;

import io.github.signalbox.locks.ReadersWritersPolicy;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One consistent view of a {@link ZkReadersWritersLock}'s request queue (the children of its
 * {@code q} node, read with one getChildren) and the admission rules of each policy, as pure
 * functions of that view.
 *
 * <p>Node names: a request is {@code <kind>-<tag>-<sequence>} where kind is {@code r} or {@code w}
 * for a request that waited, {@code rg} or {@code wg} for one granted as it arrived; a later grant
 * is recorded by a marker {@code g-<sequence>}. The sequence, appended by ZooKeeper, orders
 * arrivals; the tag finds one acquisition's nodes after a lost reply.
 */
final class RwQueue {

    /** One request: read or write, its arrival order, whether it holds the lock. */
    record Request(String name, boolean write, long seq, boolean granted, String tag,
            boolean grantedAtArrival) {
    }

    final List<Request> requests;
    final int version;

    RwQueue(List<String> children, int version) {
        this.version = version;
        Set<Long> markers = new HashSet<>();
        for (String c : children) {
            if (c.startsWith("g-")) {
                markers.add(ZkOps.sequenceOf(c));
            }
        }
        List<Request> list = new ArrayList<>();
        for (String c : children) {
            if (c.startsWith("g-")) {
                continue;
            }
            int dash = c.indexOf('-');
            String kind = c.substring(0, dash);
            String tag = c.substring(dash + 1, c.length() - 11);
            long seq = ZkOps.sequenceOf(c);
            boolean atArrival = kind.endsWith("g");
            list.add(new Request(c, kind.startsWith("w"), seq, atArrival || markers.contains(seq),
                    tag, atArrival));
        }
        list.sort(Comparator.comparingLong(Request::seq));
        this.requests = List.copyOf(list);
    }

    static String prefix(boolean write, boolean granted, String tag) {
        return (write ? "w" : "r") + (granted ? "g" : "") + "-" + tag + "-";
    }

    static String marker(long seq) {
        return String.format("g-%010d", seq);
    }

    Request find(long seq) {
        for (Request r : requests) {
            if (r.seq() == seq) {
                return r;
            }
        }
        return null;
    }

    Request findTag(String tag) {
        for (Request r : requests) {
            if (r.tag().equals(tag)) {
                return r;
            }
        }
        return null;
    }

    int count(boolean write, boolean granted) {
        int n = 0;
        for (Request r : requests) {
            if (r.write() == write && r.granted() == granted) {
                n++;
            }
        }
        return n;
    }

    boolean hasWriters() {
        for (Request r : requests) {
            if (r.write()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Who keeps {@code me} waiting under {@code policy}: the one request whose departure (or, for
     * none, a grant) is worth waking up for; {@code null} if {@code me} may be granted now. A
     * newcomer that has not yet created its request is {@code me} with sequence {@code
     * Long.MAX_VALUE}.
     */
    Request blocker(ReadersWritersPolicy policy, boolean write, long mySeq) {
        return write ? writerBlocker(policy, mySeq) : readerBlocker(policy, mySeq);
    }

    private Request writerBlocker(ReadersWritersPolicy policy, long mySeq) {
        Request granted = null;
        Request precedingWriter = null;
        Request preceding = null;
        Request reader = null;
        for (Request r : requests) {
            if (r.seq() == mySeq) {
                continue;
            }
            if (r.granted() && (granted == null || r.write())) {
                granted = r;
            }
            if (r.seq() < mySeq) {
                preceding = r;
                if (r.write()) {
                    precedingWriter = r;
                }
            }
            if (!r.write()) {
                reader = r;
            }
        }
        if (granted != null) {
            return granted;
        }
        return switch (policy) {
            case FAIR -> preceding;
            case WRITER_PREFERENCE -> precedingWriter;
            case READER_PREFERENCE -> reader != null ? reader : precedingWriter;
        };
    }

    private Request readerBlocker(ReadersWritersPolicy policy, long mySeq) {
        Request nearestPrecedingWriter = null;
        Request lastWriter = null;
        for (Request r : requests) {
            if (!r.write() || r.seq() == mySeq) {
                continue;
            }
            if (r.granted()) {
                return r; // a writer holds the lock: every policy waits for it
            }
            if (r.seq() < mySeq) {
                nearestPrecedingWriter = r;
            }
            lastWriter = r;
        }
        return switch (policy) {
            case FAIR -> nearestPrecedingWriter;
            case WRITER_PREFERENCE -> lastWriter;
            case READER_PREFERENCE -> null;
        };
    }
}
