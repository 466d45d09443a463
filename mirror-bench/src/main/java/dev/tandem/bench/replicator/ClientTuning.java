package dev.tandem.bench.replicator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The client settings Tandem's driver applies by default (WorkerConfigFactory and MirrorSourceTask), written as
 * mm2.properties keys so MirrorMaker 2 can be run with exactly the same tuning. Keep in step with those classes:
 * the MM2 run's log prints the ProducerConfig and ConsumerConfig it used, which is how to check.
 */
public final class ClientTuning {

    private ClientTuning() {}

    public static Map<String, String> asMm2Properties(String source, String target) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put(target + ".producer.linger.ms", "5");
        keys.put(target + ".producer.batch.size", "131072");
        keys.put(target + ".producer.buffer.memory", "134217728");
        keys.put(target + ".producer.enable.idempotence", "true");
        keys.put(target + ".producer.max.in.flight.requests.per.connection", "5");
        keys.put(source + ".consumer.max.poll.records", "2000");
        return keys;
    }
}
