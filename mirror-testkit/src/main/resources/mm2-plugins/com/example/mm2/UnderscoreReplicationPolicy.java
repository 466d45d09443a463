package com.example.mm2;

import org.apache.kafka.connect.mirror.ReplicationPolicy;

/** A user's MM2 replication policy: orders from A is A_orders; MM2's default methods for everything else. */
public class UnderscoreReplicationPolicy implements ReplicationPolicy {

    @Override
    public String formatRemoteTopic(String sourceClusterAlias, String topic) {
        return sourceClusterAlias + "_" + topic;
    }

    @Override
    public String topicSource(String topic) {
        int at = topic.indexOf('_');
        return at <= 0 ? null : topic.substring(0, at);
    }

    @Override
    public String upstreamTopic(String topic) {
        int at = topic.indexOf('_');
        return at <= 0 ? null : topic.substring(at + 1);
    }
}
