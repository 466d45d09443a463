package dev.tandem.client.policy;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * Prefixes remote topics with their source cluster's alias and a separator: {@code orders} from {@code us-west}
 * becomes {@code us-west.orders}. MirrorMaker 2's default policy, with the same two settings.
 */
public class DefaultReplicationPolicy implements ReplicationPolicy {

    public static final String SEPARATOR_CONFIG = "replication.policy.separator";
    public static final String SEPARATOR_DEFAULT = ".";
    public static final String INTERNAL_TOPIC_SEPARATOR_ENABLED_CONFIG =
            "replication.policy.internal.topic.separator.enabled";

    private String separator = SEPARATOR_DEFAULT;
    private Pattern separatorPattern = Pattern.compile(Pattern.quote(SEPARATOR_DEFAULT));
    private boolean internalTopicSeparatorEnabled = true;

    @Override
    public void configure(Map<String, ?> configs) {
        Object configured = configs.get(SEPARATOR_CONFIG);
        if (configured != null) {
            String value = configured.toString();
            if (value.isEmpty()) {
                throw new IllegalArgumentException(SEPARATOR_CONFIG + " must not be empty: remote topic names would be"
                        + " indistinguishable from local ones. Use '.' (the default), '_' or '-'.");
            }
            separator = value;
            separatorPattern = Pattern.compile(Pattern.quote(value));
        }
        Object internalSeparator = configs.get(INTERNAL_TOPIC_SEPARATOR_ENABLED_CONFIG);
        if (internalSeparator != null) {
            internalTopicSeparatorEnabled = Boolean.parseBoolean(internalSeparator.toString());
        }
    }

    public String separator() {
        return separator;
    }

    @Override
    public String formatRemoteTopic(String sourceClusterAlias, String topic) {
        return sourceClusterAlias + separator + topic;
    }

    @Override
    public String topicSource(String topic) {
        String[] parts = separatorPattern.split(topic, 2);
        if (parts.length < 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
            return null;
        }
        return parts[0];
    }

    @Override
    public String upstreamTopic(String topic) {
        String source = topicSource(topic);
        return source == null ? null : topic.substring(source.length() + separator.length());
    }

    /** Internal topic names use the separator too, unless disabled, as with MM2 (KIP-690). */
    private String internalSeparator() {
        return internalTopicSeparatorEnabled ? separator : ".";
    }

    private String internalSuffix() {
        return internalSeparator() + "internal";
    }

    private String checkpointsSuffix() {
        return internalSeparator() + "checkpoints" + internalSuffix();
    }

    @Override
    public String offsetSyncsTopic(String clusterAlias) {
        return "mm2-offset-syncs" + internalSeparator() + clusterAlias + internalSuffix();
    }

    @Override
    public String positionsTopic(String sourceAlias) {
        return "tandem-positions" + internalSeparator() + sourceAlias + internalSuffix();
    }

    @Override
    public String checkpointsTopic(String clusterAlias) {
        return clusterAlias + checkpointsSuffix();
    }

    @Override
    public boolean isCheckpointsTopic(String topic) {
        return topic.endsWith(checkpointsSuffix());
    }

    @Override
    public boolean isMM2InternalTopic(String topic) {
        return topic.startsWith("mm2") && topic.endsWith(internalSuffix()) || isCheckpointsTopic(topic);
    }
}
