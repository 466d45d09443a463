package dev.tandem.testkit.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports free on 127.0.0.1 right now; a broker keeps its ports across restarts, so they are chosen up front.
 *
 * <p>Ports come from below the kernel's ephemeral range: a port from inside it (what {@code new ServerSocket(0)}
 * gives) can be taken by any client's outgoing connection between the check here and the broker's bind, which made
 * brokers fail to start now and then. No port is handed out twice by this JVM.
 */
public final class FreePorts {

    private static final int LOWEST = 10_000;
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

    private FreePorts() {}

    public static int next() {
        int below = ephemeralRangeStart();
        for (int attempt = 0; attempt < 500; attempt++) {
            int port = LOWEST + ThreadLocalRandom.current().nextInt(below - LOWEST);
            if (HANDED_OUT.add(port) && bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No free port on 127.0.0.1 between " + LOWEST + " and " + below);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of {@code net.ipv4.ip_local_port_range} (Linux); 32768, its usual value, elsewhere. */
    private static int ephemeralRangeStart() {
        Path range = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
        try {
            if (Files.isReadable(range)) {
                int start = Integer.parseInt(Files.readString(range, StandardCharsets.US_ASCII)
                        .trim()
                        .split("\\s+")[0]);
                if (start > LOWEST + 1000) {
                    return start;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or an unusual format: fall back to the usual start
        }
        return 32_768;
    }
}
