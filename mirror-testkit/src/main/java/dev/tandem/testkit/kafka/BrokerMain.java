package dev.tandem.testkit.kafka;

import java.io.IOException;
import java.util.Arrays;

/**
 * A single-node cluster in a process of its own, for faults a broker in the test's JVM cannot have (SIGKILL) and for
 * the open-files limit each process has. Arguments: the cluster's name and its {@link BrokerLayout}. Formats the
 * storage on a first start, prints {@value #READY} once the broker serves, and stops it cleanly on SIGTERM or when
 * its standard input closes (its parent ended). The data stays for the next start.
 */
public final class BrokerMain {

    static final String READY = "BROKER READY";

    private BrokerMain() {}

    public static void main(String[] args) throws Exception {
        if (args.length != 6) {
            System.err.println(
                    "usage: BrokerMain <name> <dataDir> <brokerPort> <controllerPort> <proxiedPort> <proxyPort>");
            System.exit(2);
        }
        String name = args[0];
        BrokerLayout layout = BrokerLayout.fromArgs(Arrays.asList(args).subList(1, args.length));
        EmbeddedKafkaCluster cluster = EmbeddedKafkaCluster.startAt(name, layout);
        Runtime.getRuntime().addShutdownHook(new Thread(cluster::stopBroker));
        System.out.println(READY);
        System.out.flush();
        // The parent's end closes this pipe: stop then too, so no broker outlives its test.
        try {
            while (System.in.read() >= 0) {
                // nothing is sent on stdin
            }
        } catch (IOException e) {
            // parent gone
        }
        System.exit(0);
    }
}
