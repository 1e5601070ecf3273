package io.katarelease.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.katarelease.core.IoFault.Kind;
import java.io.ByteArrayInputStream;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Real I/O failures, each named by what it is: a fault of the network, an interruption, or another I/O error. */
@Timeout(60)
class IoFaultTest {
    private static final String SECRET = "ghp_ioFaultTestToken0000000000000000";

    @TempDir
    Path tmp;

    @Test
    void aClosedLoopbackPortIsARefusedConnection() throws Exception {
        int port = closedPort();
        Throwable refused = catchThrowable(() -> new Socket("127.0.0.1", port).close());

        IoFault raw = IoFault.classify(refused).orElseThrow();
        assertThat(raw.kind()).isEqualTo(Kind.NETWORK);
        assertThat(raw.failure().reason()).isEqualTo(ReleaseException.Reason.REMOTE_UNAVAILABLE);
        assertThat(raw.message()).startsWith("the remote host refused the connection (ConnectException);")
                .contains("check that the service runs there");

        // Where a message of the chain names the URL, the host is named, its user information never.
        Throwable viaHttp = catchThrowable(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/x")).build(), HttpResponse.BodyHandlers.discarding()));
        IoFault named = IoFault.classify(new UncheckedIOException("reading https://x-access-token:" + SECRET
                + "@127.0.0.1:" + port + "/x failed", (IOException) viaHttp)).orElseThrow();
        assertThat(named.kind()).isEqualTo(Kind.NETWORK);
        assertThat(named.message()).startsWith("127.0.0.1:" + port + " refused the connection").doesNotContain(SECRET);
        assertThat(named.failure().getMessage()).isEqualTo(named.message());
    }

    @Test
    void anUnresolvableHostIsNamed() {
        Throwable unknown = catchThrowable(() -> InetAddress.getByName("kata-release-io-fault-test.invalid"));

        IoFault fault = IoFault.classify(unknown).orElseThrow();
        assertThat(fault.kind()).isEqualTo(Kind.NETWORK);
        assertThat(fault.failure().reason()).isEqualTo(ReleaseException.Reason.REMOTE_UNAVAILABLE);
        assertThat(fault.message()).startsWith("the host name kata-release-io-fault-test.invalid does not resolve")
                .contains("DNS");
    }

    @Test
    void aSilentServerTimesOut() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort());
                Socket accepted = server.accept()) {
            client.setSoTimeout(200);
            Throwable silent = catchThrowable(() -> client.getInputStream().read());
            assertThat(IoFault.classify(silent).orElseThrow().message())
                    .startsWith("the remote host did not answer in time (SocketTimeoutException)");

            Throwable http = catchThrowable(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getLocalPort() + "/x")).timeout(Duration.ofMillis(300))
                    .build(), HttpResponse.BodyHandlers.discarding()));
            IoFault fault = IoFault.classify(http).orElseThrow();
            assertThat(fault.kind()).isEqualTo(Kind.NETWORK);
            assertThat(fault.message()).contains("did not answer in time (HttpTimeoutException)");
        }
    }

    @Test
    void aResetAndAnEndOfStreamFromThePeerBreakTheConnectionOff() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Socket client = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
            try (Socket accepted = server.accept()) {
                accepted.setSoLinger(true, 0); // closing sends RST
            }
            Throwable reset = catchThrowable(() -> client.getInputStream().read());
            IoFault fault = IoFault.classify(reset).orElseThrow();
            assertThat(fault.kind()).isEqualTo(Kind.NETWORK);
            assertThat(fault.message()).startsWith("the connection to the remote host broke off (Connection reset");
        }
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            // Each request is read, then the connection ends without an answer (the client may try twice).
            CompletableFuture<Void> hangUp = serve(server, s -> s.getInputStream().read(new byte[64]));
            Throwable eof = catchThrowable(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.getLocalPort() + "/x")).build(),
                    HttpResponse.BodyHandlers.discarding()));
            server.close();
            hangUp.join();
            IoFault fault = IoFault.classify(eof).orElseThrow();
            assertThat(fault.kind()).as(String.valueOf(eof)).isEqualTo(Kind.NETWORK);
            assertThat(fault.message()).startsWith("the connection to the remote host broke off");
        }
    }

    @Test
    void tlsToAPlainServerIsAFailedHandshake() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> plain = serve(server, s -> {
                s.getInputStream().read(new byte[512]);
                s.getOutputStream().write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes());
            });
            Throwable tls = catchThrowable(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("https://127.0.0.1:" + server.getLocalPort() + "/x")).build(),
                    HttpResponse.BodyHandlers.discarding()));
            server.close();
            plain.join();
            IoFault fault = IoFault.classify(tls).orElseThrow();
            assertThat(fault.kind()).as(String.valueOf(tls)).isEqualTo(Kind.NETWORK);
            assertThat(fault.message()).startsWith("the TLS handshake with the remote host failed")
                    .contains("certificate");
        }
    }

    @Test
    void anInterruptedReadIsToldAsAStop() throws Exception {
        Path file = Files.writeString(tmp.resolve("data"), "x".repeat(1000));
        Thread.currentThread().interrupt();
        Throwable closed;
        try (FileChannel channel = FileChannel.open(file)) {
            closed = catchThrowable(() -> channel.read(ByteBuffer.allocate(10)));
        } finally {
            Thread.interrupted();
        }
        IoFault fault = IoFault.classify(closed).orElseThrow();
        assertThat(fault.kind()).as(String.valueOf(closed)).isEqualTo(Kind.INTERRUPTED);
        assertThat(fault.failure()).isNull();
        assertThat(fault.message()).startsWith("interrupted during I/O; the run was asked to stop before it finished");

        IOException waited = new IOException("interrupted while waiting for the lock on " + tmp,
                new InterruptedException());
        assertThat(IoFault.classify(new UncheckedIOException(waited)).orElseThrow().message())
                .isEqualTo("interrupted while waiting for the lock on " + tmp + "; the run was asked to stop before it"
                        + " finished: run it again to finish it");
    }

    @Test
    void anotherIoErrorNamesItsPathOrItsKindNotARawToString() throws Exception {
        Path missing = tmp.resolve("missing.json");
        Throwable noFile = catchThrowable(() -> Files.readString(missing));
        IoFault fault = IoFault.classify(new UncheckedIOException("publishing failed on an I/O error: " + missing,
                (IOException) noFile)).orElseThrow();
        assertThat(fault.kind()).isEqualTo(Kind.IO_ERROR);
        assertThat(fault.failure()).isNull();
        assertThat(fault.message()).isEqualTo("I/O error on " + missing + ": no such file or directory; check what is"
                + " at that path (a file where a directory belongs, or one another program changed during the run),"
                + " then run again");

        InputStream in = new BufferedInputStream(new ByteArrayInputStream(new byte[1]));
        in.close();
        Throwable closed = catchThrowable(in::read);
        assertThat(IoFault.classify(closed).orElseThrow().message())
                .isEqualTo("I/O error: Stream closed (IOException); run again, and report it with the stack trace if"
                        + " it happens again");

        assertThat(IoFault.classify(new IOException("GET https://user:" + SECRET + "@example.test/x: odd")).orElseThrow()
                .message()).contains("https://example.test/x").doesNotContain(SECRET);
    }

    @Test
    void aBrokenPipeToAProgramIsNoFaultOfTheNetwork() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        Throwable pipe = catchThrowable(() -> {
            try (OutputStream out = done.getOutputStream()) {
                for (int i = 0; i < 1000; i++) {
                    out.write(new byte[65536]);
                    out.flush();
                }
            }
        });
        IoFault fault = IoFault.classify(pipe).orElseThrow();
        assertThat(fault.kind()).as(String.valueOf(pipe)).isEqualTo(Kind.IO_ERROR);
        assertThat(fault.message()).startsWith("I/O error: ");
    }

    @Test
    void aFullDiskStaysAFaultOfTheFileSystemAndABugStaysABug() {
        IoFault full = IoFault.classify(new IOException("No space left on device")).orElseThrow();
        assertThat(full.kind()).isEqualTo(Kind.FILE_SYSTEM);
        assertThat(full.failure().reason()).isEqualTo(ReleaseException.Reason.NO_SPACE);

        assertThat(IoFault.classify(new IllegalStateException("a bug"))).isEmpty();
        assertThat(IoFault.classify(new IllegalStateException(new InterruptedException()))).isEmpty();
    }

    private interface Answer {
        void to(Socket s) throws IOException;
    }

    /** Answers every connection to {@code server} the same way, until it is closed. */
    private static CompletableFuture<Void> serve(ServerSocket server, Answer answer) {
        return CompletableFuture.runAsync(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    answer.to(s);
                } catch (IOException e) {
                    // closed, or the client left first
                }
            }
        });
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }
}
