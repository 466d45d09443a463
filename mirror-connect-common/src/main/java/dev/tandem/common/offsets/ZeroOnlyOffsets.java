package dev.tandem.common.offsets;

import java.util.Map;
import java.util.Optional;

/**
 * Checks a change of offsets through Connect's REST API (KIP-875, {@code PATCH /connectors/NAME/offsets}) for a
 * connector whose offsets carry no position (the checkpoint and heartbeat connectors write offset 0 with every
 * record): as MirrorMaker 2 does, a reset (a null offset) is taken for any partition, and otherwise the source
 * partition must hold its keys with their types and the offset must be {@code {"offset": 0}}. Anything else is described, for the connector to refuse with Connect's
 * {@code ConnectException} (whose message Connect's REST answer carries) before Connect stores it.
 */
public final class ZeroOnlyOffsets {

    static final String OFFSET_KEY = "offset";

    private ZeroOnlyOffsets() {}

    /**
     * What is wrong with {@code offsets}, if anything.
     *
     * @param keys the source partition's keys and their types ({@code String}, or {@code Integer} for a partition
     *     number, non-negative)
     * @param connector what the offsets belong to, for the message ("the checkpoint connector")
     */
    public static Optional<String> problem(
            Map<Map<String, ?>, Map<String, ?>> offsets, Map<String, Class<?>> keys, String connector) {
        for (Map.Entry<Map<String, ?>, Map<String, ?>> entry : offsets.entrySet()) {
            Map<String, ?> partition = entry.getKey();
            Map<String, ?> offset = entry.getValue();
            if (offset == null) {
                continue; // a reset takes any partition, as MirrorMaker 2's: it is how garbage is cleaned up
            }
            if (partition == null) {
                return Optional.of("A source partition of " + connector + " is null; each must be " + shape(keys));
            }
            for (Map.Entry<String, Class<?>> key : keys.entrySet()) {
                Optional<String> wrong = keyProblem(partition, key.getKey(), key.getValue(), connector, keys);
                if (wrong.isPresent()) {
                    return wrong;
                }
            }
            Object value = offset.get(OFFSET_KEY);
            if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() != 0) {
                return Optional.of("The offset of " + partition + " is " + offset + "; " + connector
                        + " keeps no position, so it takes only {\"" + OFFSET_KEY + "\": 0} or null (a reset)");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> keyProblem(
            Map<String, ?> partition, String key, Class<?> type, String connector, Map<String, Class<?>> keys) {
        Object value = partition.get(key);
        boolean ok = type == Integer.class
                ? (value instanceof Integer || value instanceof Long)
                        && ((Number) value).longValue() >= 0
                        && ((Number) value).longValue() <= Integer.MAX_VALUE
                : value instanceof String s && !s.isBlank();
        if (ok) {
            return Optional.empty();
        }
        return Optional.of("Source partition " + partition + " of " + connector + " has \"" + key + "\" "
                + (value == null ? "missing" : describe(value)) + "; it must be "
                + (type == Integer.class ? "a non-negative integer" : "a non-empty string")
                + " (each partition is " + shape(keys) + ")");
    }

    private static String describe(Object value) {
        return value instanceof String ? "\"" + value + "\"" : String.valueOf(value);
    }

    private static String shape(Map<String, Class<?>> keys) {
        StringBuilder out = new StringBuilder("{");
        keys.forEach((key, type) -> out.append('"')
                .append(key)
                .append("\": ")
                .append(type == Integer.class ? "N" : "\"...\"")
                .append(", "));
        out.setLength(out.length() - 2);
        return out.append('}').toString();
    }
}
