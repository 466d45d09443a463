package dev.tandem.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.tandem.testkit.kafka.EmbeddedKafkaCluster;
import dev.tandem.testkit.kafka.KafkaTestClient;
import dev.tandem.testkit.kafka.SaslSslSecurity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.Test;

class SaslSslClusterIT {

    @Test
    void shouldServeScramUsersOverTlsAndRefuseAWrongPassword() throws Exception {
        SaslSslSecurity security = SaslSslSecurity.generate("S", Path.of("target", "it-sasl-ssl"), "tandem");
        try (EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.startSaslSsl("S", security);
                KafkaTestClient admin = new KafkaTestClient(cluster)) {
            admin.createTopic("t", 1);
            admin.produce(List.of(new ProducerRecord<>(
                    "t", 0, "k".getBytes(StandardCharsets.UTF_8), "v".getBytes(StandardCharsets.UTF_8))));
            List<ConsumerRecord<byte[], byte[]>> records = admin.consumeAll("t");
            assertEquals(1, records.size(), "the admin user reads what it wrote over SASL_SSL");

            Map<String, Object> asTandem = new HashMap<>(cluster.clientConfig());
            asTandem.putAll(security.clientSettings("tandem"));
            try (Admin client = Admin.create(asTandem)) {
                assertEquals(
                        1,
                        client.describeCluster()
                                .nodes()
                                .get(30, TimeUnit.SECONDS)
                                .size(),
                        "user tandem logs in");
            }

            Map<String, Object> wrongPassword = new HashMap<>(asTandem);
            wrongPassword.put(
                    "sasl.jaas.config",
                    "org.apache.kafka.common.security.scram.ScramLoginModule required"
                            + " username=\"tandem\" password=\"not-the-password\";");
            try (Admin client = Admin.create(wrongPassword)) {
                ExecutionException refused = assertThrows(
                        ExecutionException.class,
                        () -> client.describeCluster().nodes().get(30, TimeUnit.SECONDS));
                assertInstanceOf(SaslAuthenticationException.class, refused.getCause(), refused.toString());
            }
        }
    }
}
