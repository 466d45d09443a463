package dev.tandem.source.acls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;

class AclTranslatorTest {

    private static AclBinding binding(
            String topic, AclOperation op, AclPermissionType permission, PatternType pattern) {
        return new AclBinding(
                new ResourcePattern(ResourceType.TOPIC, topic, pattern),
                new AccessControlEntry("User:alice", "*", op, permission));
    }

    private static Optional<AclOperation> translated(AclOperation op, AclPermissionType permission) {
        return AclTranslator.forRemoteTopic(binding("orders", op, permission, PatternType.LITERAL), "A.orders")
                .map(b -> {
                    assertEquals("A.orders", b.pattern().name());
                    assertEquals("User:alice", b.entry().principal());
                    assertEquals(permission, b.entry().permissionType());
                    return b.entry().operation();
                });
    }

    @Test
    void shouldCopyReadGrants() {
        assertEquals(Optional.of(AclOperation.READ), translated(AclOperation.READ, AclPermissionType.ALLOW));
        assertEquals(Optional.of(AclOperation.DESCRIBE), translated(AclOperation.DESCRIBE, AclPermissionType.ALLOW));
    }

    @Test
    void shouldDowngradeAllToRead() {
        assertEquals(Optional.of(AclOperation.READ), translated(AclOperation.ALL, AclPermissionType.ALLOW));
    }

    @Test
    void shouldNeverGrantWriteOrOtherChanges() {
        for (AclOperation op : new AclOperation[] {
            AclOperation.WRITE, AclOperation.CREATE, AclOperation.DELETE, AclOperation.ALTER, AclOperation.ALTER_CONFIGS
        }) {
            assertEquals(Optional.empty(), translated(op, AclPermissionType.ALLOW), op.toString());
        }
    }

    @Test
    void shouldCopyDenies() {
        assertEquals(Optional.of(AclOperation.WRITE), translated(AclOperation.WRITE, AclPermissionType.DENY));
    }

    @Test
    void shouldIgnorePrefixedPatterns() {
        assertEquals(
                Optional.empty(),
                AclTranslator.forRemoteTopic(
                        binding("ord", AclOperation.READ, AclPermissionType.ALLOW, PatternType.PREFIXED), "A.ord"));
    }
}
