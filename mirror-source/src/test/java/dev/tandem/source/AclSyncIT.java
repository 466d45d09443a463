package dev.tandem.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tandem.testkit.Await;
import dev.tandem.testkit.TwoClusters;
import dev.tandem.testkit.connect.ConnectWorker;
import dev.tandem.testkit.connect.FlowConfigs;
import dev.tandem.testkit.kafka.KafkaTestClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

/** Topic ACLs on A reach the remote topic on B with MM2's rules: reads copied, ALL downgraded to READ, no WRITE. */
class AclSyncIT {

    private static final Map<String, String> WITH_AUTHORIZER = Map.of(
            "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
            "super.users", "User:ANONYMOUS"); // the tests' PLAINTEXT clients, and the broker itself

    @Test
    void shouldCopyReadAclsAndNeverGrantWrite() throws Exception {
        try (TwoClusters clusters = TwoClusters.start(WITH_AUTHORIZER)) {
            KafkaTestClient onA = clusters.onA;
            KafkaTestClient onB = clusters.onB;
            onA.createTopic("secured", 1);
            onA.admin()
                    .createAcls(List.of(
                            acl("secured", "User:alice", AclOperation.READ, AclPermissionType.ALLOW),
                            acl("secured", "User:bob", AclOperation.ALL, AclPermissionType.ALLOW),
                            acl("secured", "User:carol", AclOperation.WRITE, AclPermissionType.ALLOW),
                            acl("secured", "User:dave", AclOperation.READ, AclPermissionType.DENY)))
                    .all()
                    .get(30, TimeUnit.SECONDS);

            try (ConnectWorker worker = ConnectWorker.start(clusters.b, "tandem-it-B", Map.of())) {
                Map<String, String> config = FlowConfigs.source(clusters.a, clusters.b, "secured", 1);
                config.put("sync.topic.acls.interval.seconds", "1");
                worker.rest().putConnector("A->B.source", config);

                Set<String> expected = Set.of("User:alice ALLOW READ", "User:bob ALLOW READ", "User:dave DENY READ");
                Set<String> onRemote = Await.value(
                        "ACLs of A.secured on B",
                        Duration.ofSeconds(30),
                        () -> acls(onB, "A.secured"),
                        expected::equals);
                assertEquals(expected, onRemote, "carol's WRITE is not granted, bob's ALL became READ");
            }
        }
    }

    private static AclBinding acl(
            String topic, String principal, AclOperation operation, AclPermissionType permission) {
        return new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry(principal, "*", operation, permission));
    }

    private static Set<String> acls(KafkaTestClient client, String topic) throws Exception {
        AclBindingFilter filter = new AclBindingFilter(
                new ResourcePatternFilter(ResourceType.TOPIC, topic, PatternType.LITERAL),
                AccessControlEntryFilter.ANY);
        Set<String> result = new TreeSet<>();
        for (AclBinding binding : client.admin().describeAcls(filter).values().get(30, TimeUnit.SECONDS)) {
            result.add(binding.entry().principal() + " " + binding.entry().permissionType() + " "
                    + binding.entry().operation());
        }
        return result;
    }
}
