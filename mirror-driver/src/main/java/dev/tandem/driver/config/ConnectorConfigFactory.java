package dev.tandem.driver.config;

import dev.tandem.source.MirrorSourceConfig;
import java.util.Map;

/**
 * Builds each connector's config from the file, MM2's way: global settings, then the flow's {@code A->B.}
 * settings; the source cluster's client settings become {@code source.cluster.*} (and {@code source.consumer.*},
 * {@code source.producer.*}, {@code source.admin.*}), the target's {@code target.*}.
 */
public final class ConnectorConfigFactory {

    private static final String OFFSET_STORAGE_TOPIC = "offset.storage.topic";
    private static final String EXACTLY_ONCE_SOURCE_SUPPORT = "exactly.once.source.support";
    private static final String TRANSACTION_BOUNDARY = "transaction.boundary";

    private final MirrorMakerConfig config;

    public ConnectorConfigFactory(MirrorMakerConfig config) {
        this.config = config;
    }

    public ConnectorConfig connector(Flow flow, ConnectorKind kind) {
        ConnectorConfig connector = new ConnectorConfig(flow.connectorName(kind));
        Map<String, String> raw = config.raw();
        config.globalSettings().forEach((key, value) -> {
            if (!workerOnly(key)) {
                connector.put(key, value, key);
            }
        });
        cluster(connector, "source", flow.source(), raw);
        cluster(connector, "target", flow.target(), raw);
        config.flowSettings(flow).forEach((key, value) -> connector.put(key, value, flow.prefix() + key));
        connector.values().remove(MirrorMakerConfig.ENABLED);
        connector.put("name", connector.name(), "(driver)");
        connector.put("connector.class", kind.connectorClass(), "(driver)");
        connector.put("source.cluster.alias", flow.source(), MirrorMakerConfig.CLUSTERS);
        connector.put("target.cluster.alias", flow.target(), MirrorMakerConfig.CLUSTERS);
        if (!connector.values().containsKey("tasks.max")) {
            connector.put("tasks.max", "1", "tasks.max");
        }
        if (kind == ConnectorKind.SOURCE
                && !connector.values().containsKey(MirrorSourceConfig.TAKEOVER_OFFSETS_TOPIC)) {
            connector.put(
                    MirrorSourceConfig.TAKEOVER_OFFSETS_TOPIC,
                    mirrorMaker2OffsetsTopic(flow),
                    "(driver: MM2's offsets topic)");
        }
        if (kind == ConnectorKind.SOURCE
                && "enabled".equalsIgnoreCase(connector.values().get(EXACTLY_ONCE_SOURCE_SUPPORT))
                && !connector.values().containsKey(TRANSACTION_BOUNDARY)) {
            // Connect's default commits a transaction per poll of a few records; each leaves a marker in every
            // partition it wrote, and each marker breaks the offset mapping, which then needs an offset sync per
            // transaction (27,000 per partition in 28 minutes of the exactly-once chaos run).
            connector.put(TRANSACTION_BOUNDARY, "interval", "(driver: one transaction per offset flush)");
        }
        if (kind == ConnectorKind.HEARTBEAT) {
            connector.put("tasks.max", "1", "(driver)"); // one heartbeat per flow whatever tasks.max says
        }
        return connector;
    }

    /**
     * Settings of the workers' REST listeners ({@code listeners.https.ssl.keystore.password}...): the connectors have
     * no use for them, and a connector must never be handed a reference to their secrets.
     */
    static boolean workerOnly(String key) {
        return key.equals("listeners")
                || key.startsWith("listeners.")
                || key.startsWith("admin.listeners")
                || key.startsWith("rest.");
    }

    /**
     * Where MirrorMaker 2's dedicated mode, run with the same file, keeps the flow's source offsets on the target: the
     * file's {@code offset.storage.topic} (top level first, then the target's), else {@code
     * mm2-offsets.<source>.internal}. Tandem's source tasks resume after them, so a switch from MM2 copies nothing
     * again.
     */
    public String mirrorMaker2OffsetsTopic(Flow flow) {
        Map<String, String> raw = config.raw();
        String topic = raw.get(OFFSET_STORAGE_TOPIC);
        if (topic == null || topic.isBlank()) {
            topic = raw.get(flow.target() + "." + OFFSET_STORAGE_TOPIC);
        }
        return topic == null || topic.isBlank() ? "mm2-offsets." + flow.source() + ".internal" : topic.trim();
    }

    private void cluster(ConnectorConfig connector, String side, String alias, Map<String, String> raw) {
        config.clusterClientKeys(alias)
                .forEach((clientKey, origin) -> connector.put(side + ".cluster." + clientKey, raw.get(origin), origin));
        for (String client : new String[] {"consumer", "producer", "admin"}) {
            config.clusterClientKeys(alias, client)
                    .forEach((clientKey, origin) ->
                            connector.put(side + "." + client + "." + clientKey, raw.get(origin), origin));
        }
    }

    /**
     * Whether the flow runs a checkpoint connector: not when its source connector writes no offset syncs
     * ({@code emit.offset-syncs.enabled = false}), as in MirrorMaker 2's dedicated mode, since nothing could be
     * translated.
     */
    public boolean checkpointsFor(Flow flow) {
        String offsetSyncs = connector(flow, ConnectorKind.SOURCE).values().get("emit.offset-syncs.enabled");
        return offsetSyncs == null || !"false".equalsIgnoreCase(offsetSyncs.trim());
    }
}
