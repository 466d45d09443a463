package dev.tandem.source.acls;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * The ACL a remote topic gets for a source topic's ACL. Remote topics are written only by Tandem, so nobody is
 * granted more than reading them: ALLOW READ, DESCRIBE and DESCRIBE_CONFIGS are copied, ALLOW ALL becomes ALLOW READ,
 * every other ALLOW (WRITE above all) is dropped; DENY entries only take rights away and are copied as they are.
 */
public final class AclTranslator {

    private static final Set<AclOperation> READ_LIKE =
            EnumSet.of(AclOperation.READ, AclOperation.DESCRIBE, AclOperation.DESCRIBE_CONFIGS);

    private AclTranslator() {}

    /** The binding for {@code remoteTopic}, or empty when this source binding must not be copied. */
    public static Optional<AclBinding> forRemoteTopic(AclBinding source, String remoteTopic) {
        if (source.pattern().resourceType() != ResourceType.TOPIC
                || source.pattern().patternType() != PatternType.LITERAL) {
            return Optional.empty();
        }
        AccessControlEntry entry = source.entry();
        AclOperation operation = entry.operation();
        if (entry.permissionType() == AclPermissionType.ALLOW) {
            if (operation == AclOperation.ALL) {
                operation = AclOperation.READ;
            } else if (!READ_LIKE.contains(operation)) {
                return Optional.empty();
            }
        } else if (entry.permissionType() != AclPermissionType.DENY) {
            return Optional.empty();
        }
        return Optional.of(new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, remoteTopic, PatternType.LITERAL),
                new AccessControlEntry(entry.principal(), entry.host(), operation, entry.permissionType())));
    }
}
