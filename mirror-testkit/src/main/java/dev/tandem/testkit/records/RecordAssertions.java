package dev.tandem.testkit.records;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/** Compares what reached a remote topic with what was written to its source topic, record by record. */
public final class RecordAssertions {

    private RecordAssertions() {}

    /**
     * Asserts that {@code target} holds exactly {@code source}'s records: same partitions, and in each partition the
     * same records in the same order with the same key, value, headers and timestamp; none missing, none extra.
     */
    public static void assertSameRecords(
            String what, List<ConsumerRecord<byte[], byte[]>> source, List<ConsumerRecord<byte[], byte[]>> target) {
        if (source.isEmpty()) {
            throw new AssertionError(what + ": the source holds no records to compare (deleted by retention? stamp"
                    + " test records with TestRecords.recent())");
        }
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> sourceByPartition = byPartition(source);
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> targetByPartition = byPartition(target);
        if (!sourceByPartition.keySet().equals(targetByPartition.keySet()) && !target.isEmpty()) {
            throw new AssertionError(what + ": records in partitions " + targetByPartition.keySet()
                    + " but the source has them in " + sourceByPartition.keySet());
        }
        for (Map.Entry<Integer, List<ConsumerRecord<byte[], byte[]>>> e : sourceByPartition.entrySet()) {
            List<ConsumerRecord<byte[], byte[]>> expected = e.getValue();
            List<ConsumerRecord<byte[], byte[]>> actual = targetByPartition.getOrDefault(e.getKey(), List.of());
            for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
                String difference = difference(expected.get(i), actual.get(i));
                if (difference != null) {
                    throw new AssertionError(what + ": partition " + e.getKey() + ", record " + i + " of "
                            + expected.size() + " differs: " + difference + " (source offset "
                            + expected.get(i).offset()
                            + ", target offset " + actual.get(i).offset() + ")");
                }
            }
            if (expected.size() != actual.size()) {
                throw new AssertionError(what + ": partition " + e.getKey() + " has " + actual.size()
                        + " records on the target but " + expected.size() + " on the source");
            }
        }
    }

    /** Null when the two records carry the same key, value, headers and timestamp; otherwise what differs. */
    public static String difference(ConsumerRecord<byte[], byte[]> expected, ConsumerRecord<byte[], byte[]> actual) {
        if (!Arrays.equals(expected.key(), actual.key())) {
            return "key " + show(expected.key()) + " became " + show(actual.key());
        }
        if (!Arrays.equals(expected.value(), actual.value())) {
            return "value " + show(expected.value()) + " became " + show(actual.value());
        }
        if (expected.timestamp() != actual.timestamp()) {
            return "timestamp " + expected.timestamp() + " became " + actual.timestamp();
        }
        List<String> expectedHeaders = headers(expected);
        List<String> actualHeaders = headers(actual);
        if (!expectedHeaders.equals(actualHeaders)) {
            return "headers " + expectedHeaders + " became " + actualHeaders;
        }
        return null;
    }

    /** A record's identity for counting copies: key, value and headers. */
    public static String identity(ConsumerRecord<byte[], byte[]> record) {
        return show(record.key()) + "|" + show(record.value()) + "|" + headers(record);
    }

    private static List<String> headers(ConsumerRecord<byte[], byte[]> record) {
        List<String> headers = new ArrayList<>();
        for (Header header : record.headers()) {
            headers.add(header.key() + "=" + show(header.value()));
        }
        return headers;
    }

    private static String show(byte[] bytes) {
        return bytes == null ? "null" : HexFormat.of().formatHex(bytes);
    }

    private static Map<Integer, List<ConsumerRecord<byte[], byte[]>>> byPartition(
            List<ConsumerRecord<byte[], byte[]>> records) {
        Map<Integer, List<ConsumerRecord<byte[], byte[]>>> map = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            map.computeIfAbsent(record.partition(), p -> new ArrayList<>()).add(record);
        }
        map.values().forEach(list -> list.sort((a, b) -> Long.compare(a.offset(), b.offset())));
        return map;
    }
}
