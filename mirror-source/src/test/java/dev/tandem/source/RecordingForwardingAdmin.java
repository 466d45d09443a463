package dev.tandem.source;

import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.CreateTopicsResult;
import org.apache.kafka.clients.admin.ForwardingAdmin;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A {@code forwarding.admin.class} as a platform team would write one (KIP-787): it sees every topic created through
 * it, here only to record them, then lets the cluster create them.
 */
public class RecordingForwardingAdmin extends ForwardingAdmin {

    /** Topics created through any instance, and the bootstrap servers each instance was built for. */
    static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

    static final Set<String> BUILT_FOR = ConcurrentHashMap.newKeySet();

    public RecordingForwardingAdmin(Map<String, Object> configs) {
        super(configs);
        BUILT_FOR.add(String.valueOf(configs.get("bootstrap.servers")));
    }

    @Override
    public CreateTopicsResult createTopics(Collection<NewTopic> newTopics, CreateTopicsOptions options) {
        newTopics.forEach(t -> CREATED.add(t.name()));
        return super.createTopics(newTopics, options);
    }
}
