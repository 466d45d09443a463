package dev.tandem.testkit.net;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The TCP sockets in LISTEN state, as Linux reports them in {@code /proc/net/tcp} and {@code /tcp6}: which address
 * a port is bound to, and which sockets a given process holds (through the socket inodes in {@code /proc/<pid>/fd}).
 */
public final class ListeningSockets {

    /** 127.0.0.1 as /proc/net/tcp and /proc/net/tcp6 (IPv4-mapped) write it. */
    private static final Set<String> LOOPBACK = Set.of("0100007F", "0000000000000000FFFF00000100007F");

    private static final String LISTEN = "0A";

    /** One listening socket: its local address (hex, as the kernel writes it) and port. */
    public record Socket(String hexAddress, int port, String inode) {

        public boolean isLoopback() {
            return LOOPBACK.contains(hexAddress);
        }

        @Override
        public String toString() {
            return (isLoopback() ? "127.0.0.1" : hexAddress) + ":" + port;
        }
    }

    private ListeningSockets() {}

    /** Every listening socket of this network namespace. */
    public static List<Socket> all() {
        List<Socket> sockets = new ArrayList<>();
        for (String file : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path path = Path.of(file);
            if (!Files.exists(path)) {
                continue;
            }
            try {
                Files.readAllLines(path).stream()
                        .skip(1)
                        .map(String::trim)
                        .map(line -> line.split("\\s+"))
                        .filter(f -> f[3].equals(LISTEN))
                        .forEach(f -> {
                            String[] local = f[1].split(":");
                            sockets.add(new Socket(local[0], Integer.parseInt(local[1], 16), f[9]));
                        });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sockets;
    }

    /** The listening sockets on {@code port}. */
    public static List<Socket> onPort(int port) {
        return all().stream().filter(s -> s.port() == port).toList();
    }

    /** The listening sockets process {@code pid} holds open. */
    public static List<Socket> ofProcess(long pid) {
        Set<String> inodes = new HashSet<>();
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")) {
                        inodes.add(target.substring("socket:[".length(), target.length() - 1));
                    }
                } catch (IOException closedMeanwhile) {
                    // a descriptor closed while listing: not a listener we need
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the descriptors of process " + pid, e);
        }
        return all().stream().filter(s -> inodes.contains(s.inode())).toList();
    }
}
