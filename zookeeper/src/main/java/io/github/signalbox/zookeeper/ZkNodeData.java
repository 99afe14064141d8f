package io.github.signalbox.zookeeper;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The data of a primitive's node: its kind mark followed by {@code ;key=value} fields, for
 * example {@code signalbox:semaphore;bound=3}. Readable with {@code zkCli.sh get}.
 */
final class ZkNodeData {

    private ZkNodeData() {
    }

    static Map<String, String> fields(byte[] data) {
        Map<String, String> out = new LinkedHashMap<>();
        String text = data == null ? "" : new String(data, StandardCharsets.UTF_8);
        String[] parts = text.split(";");
        for (int i = 1; i < parts.length; i++) {
            int eq = parts[i].indexOf('=');
            if (eq > 0) {
                out.put(parts[i].substring(0, eq), parts[i].substring(eq + 1));
            }
        }
        return out;
    }

    static long longField(byte[] data, String key, long absent) {
        String v = fields(data).get(key);
        return v == null ? absent : Long.parseLong(v);
    }

    static byte[] encode(String kind, Map<String, ?> fields) {
        StringBuilder s = new StringBuilder("signalbox:").append(kind);
        fields.forEach((k, v) -> s.append(';').append(k).append('=').append(v));
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
