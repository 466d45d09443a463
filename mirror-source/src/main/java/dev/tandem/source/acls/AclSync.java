package dev.tandem.source.acls;

import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AccessControlEntryFilter;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.errors.SecurityDisabledException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePatternFilter;
import org.apache.kafka.common.resource.ResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies the ACLs of replicated source topics to their remote topics, by {@link AclTranslator}'s rules. Creating an
 * ACL that exists is a no-op in Kafka, so only bindings not yet on the target are sent. Clusters without an
 * authorizer switch the sync off, logged once.
 */
public final class AclSync {

    private static final Logger log = LoggerFactory.getLogger(AclSync.class);
    private static final AclBindingFilter TOPIC_ACLS = new AclBindingFilter(
            new ResourcePatternFilter(ResourceType.TOPIC, null, PatternType.LITERAL), AccessControlEntryFilter.ANY);

    private final Admin sourceAdmin;
    private final Admin targetAdmin;
    private final Duration timeout;
    private boolean disabled;

    public AclSync(Admin sourceAdmin, Admin targetAdmin, Duration timeout) {
        this.sourceAdmin = sourceAdmin;
        this.targetAdmin = targetAdmin;
        this.timeout = timeout;
    }

    /** Syncs ACLs for the given source-to-remote topic names; returns how many bindings were created. */
    public int sync(Map<String, String> remoteBySource)
            throws InterruptedException, ExecutionException, TimeoutException {
        if (disabled || remoteBySource.isEmpty()) {
            return 0;
        }
        Collection<AclBinding> sourceAcls;
        Collection<AclBinding> targetAcls;
        try {
            sourceAcls = sourceAdmin.describeAcls(TOPIC_ACLS).values().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            targetAcls = targetAdmin.describeAcls(TOPIC_ACLS).values().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof SecurityDisabledException) {
                disabled = true;
                log.info(
                        "ACL sync is off: a cluster has no authorizer ({}). Set sync.topic.acls.enabled=false to"
                                + " silence this line.",
                        e.getCause().getMessage());
                return 0;
            }
            throw e;
        }
        Set<AclBinding> present = new HashSet<>(targetAcls);
        Set<AclBinding> toCreate = new HashSet<>();
        for (AclBinding binding : sourceAcls) {
            String remote = remoteBySource.get(binding.pattern().name());
            if (remote != null) {
                AclTranslator.forRemoteTopic(binding, remote)
                        .filter(b -> !present.contains(b))
                        .ifPresent(toCreate::add);
            }
        }
        if (toCreate.isEmpty()) {
            return 0;
        }
        log.info("Creating {} ACL binding(s) on the target: {}", toCreate.size(), toCreate);
        targetAdmin.createAcls(toCreate).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        return toCreate.size();
    }
}
