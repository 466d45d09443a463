package dev.tandem.testkit.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy against a local echo server: bytes pass unchanged, and each fault does what it says. */
class FaultProxyTest {

    private ServerSocket echo;
    private FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread server = new Thread(this::echoLoop, "echo");
        server.setDaemon(true);
        server.start();
        proxy = FaultProxy.start("echo", 0, new InetSocketAddress("127.0.0.1", echo.getLocalPort()));
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    private void echoLoop() {
        while (!echo.isClosed()) {
            try {
                Socket socket = echo.accept();
                Thread copier = new Thread(() -> {
                    try (socket) {
                        socket.getInputStream().transferTo(socket.getOutputStream());
                    } catch (IOException e) {
                        // client gone
                    }
                });
                copier.setDaemon(true);
                copier.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket("127.0.0.1", proxy.port());
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static byte[] roundTrip(Socket socket, byte[] bytes) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(bytes);
        out.flush();
        byte[] back = new byte[bytes.length];
        new DataInputStream(socket.getInputStream()).readFully(back);
        return back;
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }

    @Test
    void shouldForwardBytesUnchangedBothWays() throws IOException {
        try (Socket socket = connect()) {
            byte[] bytes = random(1_000_000);
            assertArrayEquals(bytes, roundTrip(socket, bytes));
            assertEquals(1, proxy.openConnections());
        }
    }

    @Test
    void shouldCloseEveryConnectionOnACutAndAcceptAgainAfterHealing() throws Exception {
        try (Socket socket = connect()) {
            roundTrip(socket, random(10));
            proxy.cut();
            assertEquals(-1, socket.getInputStream().read(), "a cut connection reads end of stream");
        }
        try (Socket during = connect()) {
            assertEquals(-1, during.getInputStream().read(), "a new connection during the cut is closed at once");
        }
        proxy.heal();
        try (Socket after = connect()) {
            byte[] bytes = random(100);
            assertArrayEquals(bytes, roundTrip(after, bytes));
        }
    }

    @Test
    void shouldHoldBytesInABlackHoleAndDeliverThemWhenHealed() throws IOException {
        try (Socket socket = connect()) {
            proxy.blackHole();
            byte[] bytes = random(100);
            socket.getOutputStream().write(bytes);
            socket.setSoTimeout(1_000);
            InputStream in = socket.getInputStream();
            assertThrows(SocketTimeoutException.class, in::read, "nothing answers inside a black hole");
            try (Socket newcomer = connect()) {
                newcomer.setSoTimeout(500);
                newcomer.getOutputStream().write(1);
                assertThrows(
                        SocketTimeoutException.class,
                        () -> newcomer.getInputStream().read(),
                        "a new connection is accepted but never answered");
            }
            proxy.heal();
            socket.setSoTimeout(10_000);
            byte[] back = new byte[bytes.length];
            new DataInputStream(in).readFully(back);
            assertArrayEquals(bytes, back, "the held bytes arrive once the network heals");
        }
    }

    @Test
    void shouldDelayEachWayByTheLatency() throws IOException {
        try (Socket socket = connect()) {
            roundTrip(socket, random(10));
            proxy.latency(Duration.ofMillis(200));
            long started = System.nanoTime();
            roundTrip(socket, random(10));
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            assertTrue(millis >= 400, "a round trip takes twice the latency at least, took " + millis + " ms");
        }
    }

    @Test
    void shouldCapTheBandwidth() throws IOException {
        try (Socket socket = connect()) {
            proxy.bandwidth(200_000);
            byte[] bytes = random(200_000);
            long started = System.nanoTime();
            assertArrayEquals(bytes, roundTrip(socket, bytes));
            long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
            // 200 kB each way at 200 kB/s per direction: the directions overlap, so at least about a second.
            assertTrue(millis >= 900, "200 kB at 200 kB/s took only " + millis + " ms");
        }
    }
}
