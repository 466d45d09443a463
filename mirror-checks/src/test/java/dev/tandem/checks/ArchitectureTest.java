package dev.tandem.checks;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The boundaries the build keeps, over the product's main classes (tests excluded):
 * <ol>
 *   <li>the connectors and the client library use Connect's public API only, never its worker
 *       ({@code org.apache.kafka.connect.runtime}): they run inside any Connect worker of 3.9 or 4.x, whose internals
 *       differ;</li>
 *   <li>no product code uses the test kit, the demo or a test framework: the distribution ships none of them;</li>
 *   <li>the client library ({@code mirror-client}), which applications add, stands on kafka-clients alone: what
 *       only the connectors need lives in {@code mirror-connect-common}.</li>
 * </ol>
 */
class ArchitectureTest {

    private static JavaClasses product;

    @BeforeAll
    static void importProduct() {
        product = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.tandem");
        // The rules below pass vacuously on nothing: make sure every product module was read.
        for (String module : new String[] {"client", "common", "source", "checkpoint", "heartbeat", "driver"}) {
            String pkg = "dev.tandem." + module;
            assertTrue(
                    product.stream().anyMatch(c -> c.getPackageName().startsWith(pkg)),
                    "no classes of " + pkg + " imported");
        }
    }

    @Test
    void connectorsUseOnlyConnectsPublicApi() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "dev.tandem.client..",
                        "dev.tandem.common..",
                        "dev.tandem.source..",
                        "dev.tandem.checkpoint..",
                        "dev.tandem.heartbeat..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.apache.kafka.connect.runtime..")
                .because("the connectors run as a plugin in any Connect worker; only the driver embeds one")
                .check(product);
    }

    @Test
    void productCodeNeverUsesTestCode() {
        noClasses()
                .that()
                .resideInAPackage("dev.tandem..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tandem.testkit..",
                        "dev.tandem.demo..",
                        "org.junit..",
                        "org.testcontainers..",
                        "kafka.server..",
                        "kafka.testkit..")
                .because("the distribution ships neither test code nor a broker")
                .check(product);
    }

    @Test
    void clientLibraryNeedsNothingButKafkaClients() {
        classes()
                .that()
                .resideInAPackage("dev.tandem.client..")
                .should()
                .onlyDependOnClassesThat()
                .resideInAnyPackage(
                        "dev.tandem.client..",
                        "java..",
                        "org.apache.kafka.clients..",
                        "org.apache.kafka.common..",
                        "org.slf4j..")
                .because("applications add mirror-client for MirrorClient and RemoteClusterUtils, as MM2's"
                        + " connect-mirror-client, and must not get the connectors' internals with it")
                .check(product);
    }
}
