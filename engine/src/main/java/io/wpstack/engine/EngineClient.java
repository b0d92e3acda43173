package io.wpstack.engine;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * The Engine API at DOCKER_HOST (a Unix socket, plain TCP or TLS, as the docker CLI reads it): one GET per
 * connection, under the API version prefix, its answer read as a {@link Json} tree or streamed by a reader.
 * Every request gives up after its timeout by closing its connection, which is what unblocks a thread stuck
 * reading from a silent daemon; a listener is told of every request's result.
 */
public final class EngineClient implements EngineApi {
    /** The version spoken: Engine 20.10 (Debian 12's docker.io) speaks 1.41, which job services need. */
    public static final String API_VERSION = "1.41";

    /** How long the CLI's and the tests' reads wait for an answer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Docker 29 and later refuse 1.41: "client version 1.41 is too old. Minimum supported API version is 1.44". */
    private static final java.util.regex.Pattern MINIMUM =
            java.util.regex.Pattern.compile("[Mm]inimum supported API version is ([0-9]+\\.[0-9]+)");

    private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

    private final DockerHost host;
    private final SSLContext tls;
    private final String userAgent;
    private final Duration timeout;
    private final RequestListener listener;

    /** The version prefix spoken: /v1.41, or the daemon's minimum once it refused 1.41 as too old. */
    private volatile String prefix = "/v" + API_VERSION;

    /**
     * @param timeout how long {@link #get(String)} waits for an answer
     * @throws DockerException.BadConfig when the TLS files of HOST are unusable
     */
    public EngineClient(DockerHost host, String userAgent, Duration timeout, RequestListener listener)
            throws DockerException.BadConfig {
        this.host = host;
        this.tls = host instanceof DockerHost.Tcp tcp && tcp.tls().isPresent()
                ? TlsContexts.create(tcp.tls().get(), tcp.host())
                : null;
        this.userAgent = userAgent;
        this.timeout = timeout;
        this.listener = listener;
    }

    /** A client of the engine ENVIRONMENT names (DOCKER_HOST, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH). */
    public static EngineClient fromEnvironment(Map<String, String> environment, String userAgent)
            throws DockerException.BadConfig {
        return new EngineClient(
                DockerHost.fromEnvironment(environment), userAgent, DEFAULT_TIMEOUT, RequestListener.NONE);
    }

    /** Reads a 200 answer's body. */
    @FunctionalInterface
    public interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    @Override
    public String endpoint() {
        return host.describe();
    }

    @Override
    public Json get(String path) throws DockerException {
        return get(name(path), path, Json::parse, timeout);
    }

    /**
     * GET PATH under the version prefix, the 200 answer's body read by READER (a streaming array reader, for
     * big answers); the request gives up after TIMEOUT.
     *
     * @param endpoint what the listener is told the request was (services, nodes, tasks)
     */
    public <T> T get(String endpoint, String path, BodyReader<T> reader, Duration timeout) throws DockerException {
        try {
            return getOnce(endpoint, prefix + path, reader, timeout);
        } catch (DockerException.ApiError e) {
            var minimum = MINIMUM.matcher(e.getMessage());
            if (e.status() != 400 || !minimum.find()) {
                throw e;
            }
            // A daemon newer than 1.41's last release: speak its oldest version, which keeps the answers'
            // shape closest to 1.41's, and retry once.
            prefix = "/v" + minimum.group(1);
            return getOnce(endpoint, prefix + path, reader, timeout);
        }
    }

    private <T> T getOnce(String endpoint, String request, BodyReader<T> reader, Duration timeout)
            throws DockerException {
        String result = "error";
        try (Deadline deadline = new Deadline(timeout)) {
            HttpConnection connection = null;
            try {
                connection = connect(deadline);
                HttpConnection.Response response = exchange(connection, request);
                if (response.status() != 200) {
                    throw errorFor(request, response);
                }
                T value;
                try {
                    value = reader.read(response.body());
                } catch (IOException | RuntimeException e) {
                    if (deadline.expired()) {
                        throw new DockerException.Timeout(endpoint(), timeout);
                    }
                    throw new DockerException.Malformed(endpoint(), request, e);
                }
                result = "success";
                return value;
            } catch (SSLException e) {
                if (deadline.expired()) {
                    throw new DockerException.Timeout(endpoint(), timeout);
                }
                throw tlsRefused(e);
            } catch (IOException e) {
                if (deadline.expired()) {
                    throw new DockerException.Timeout(endpoint(), timeout);
                }
                throw new DockerException.Unreachable(endpoint(), e);
            } finally {
                closeQuietly(connection);
            }
        } finally {
            listener.finished(endpoint, result);
        }
    }

    /**
     * Sends the request and reads the answer's head. With TLS 1.3 a daemon refuses the client's certificate after
     * the client's side of the handshake is done: the client learns it as an alert, or as a reset connection when
     * the reset arrives first, on its first read. Either is a refusal, whatever reaches us first.
     */
    private HttpConnection.Response exchange(HttpConnection connection, String request) throws IOException {
        try {
            return connection.get(request, userAgent);
        } catch (SSLException e) {
            throw e;
        } catch (IOException e) {
            if (tls == null) {
                throw e;
            }
            throw new SSLException("the daemon closed the connection before answering (" + e.getMessage() + ")", e);
        }
    }

    /** What a failed handshake means, and its fix: a name the certificate lacks, another CA, or our certificate. */
    private DockerException.TlsRefused tlsRefused(SSLException e) {
        String certPath = host instanceof DockerHost.Tcp tcp && tcp.tls().isPresent()
                ? tcp.tls().get().certPath().toString()
                : "DOCKER_CERT_PATH";
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HostNames.Mismatch mismatch) {
                return new DockerException.TlsRefused(
                        "refused the Docker daemon at " + endpoint() + ": " + mismatch.getMessage(), e);
            }
            if (cause instanceof java.security.cert.CertPathValidatorException
                    || cause instanceof java.security.cert.CertPathBuilderException) {
                return new DockerException.TlsRefused(
                        "refused the Docker daemon at " + endpoint() + ": its certificate is not signed by "
                                + certPath + "/ca.pem (" + e.getMessage()
                                + "); put the CA that signed the daemon's certificate in " + certPath + "/ca.pem",
                        e);
            }
        }
        return new DockerException.TlsRefused(
                "the TLS handshake with the Docker daemon at " + endpoint() + " failed (" + e.getMessage()
                        + "); if the daemon runs with --tlsverify, " + certPath
                        + " needs cert.pem and key.pem of a client certificate signed by the daemon's CA",
                e);
    }

    /** The path's first segment: /images/x/json is an "images" request. */
    static String name(String path) {
        String segments = path.startsWith("/") ? path.substring(1) : path;
        int end = segments.length();
        for (char stop : new char[] {'/', '?'}) {
            int at = segments.indexOf(stop);
            if (at >= 0 && at < end) {
                end = at;
            }
        }
        return segments.substring(0, end);
    }

    private DockerException errorFor(String request, HttpConnection.Response response) throws IOException {
        String message = daemonMessage(response.body());
        if (response.status() == 503 && message.contains("not a swarm manager")) {
            return new DockerException.NotManager(endpoint(), message);
        }
        if (response.status() == 400 && message.contains("is too new")) {
            return new DockerException.ApiTooOld(endpoint(), message);
        }
        if (response.status() == 404) {
            return new DockerException.NotFound(endpoint(), request, message);
        }
        return new DockerException.ApiError(endpoint(), request, response.status(), message);
    }

    private static String daemonMessage(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(16 * 1024);
        try {
            String message = Json.parse(new ByteArrayInputStream(bytes)).string("message");
            if (!message.isEmpty()) {
                return message;
            }
        } catch (IOException e) {
            // not the Engine's JSON error body: show the raw text
        }
        return new String(bytes, StandardCharsets.UTF_8).strip();
    }

    private HttpConnection connect(Deadline deadline) throws IOException {
        return switch (host) {
            case DockerHost.Unix unix -> {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
                deadline.guard(channel);
                try {
                    channel.connect(UnixDomainSocketAddress.of(unix.socket()));
                } catch (IOException e) {
                    channel.close();
                    throw e;
                }
                yield new HttpConnection(channel, Channels.newInputStream(channel), Channels.newOutputStream(channel));
            }
            case DockerHost.Tcp tcp -> {
                Socket socket =
                        tls == null ? new Socket() : tls.getSocketFactory().createSocket();
                deadline.guard(socket);
                try {
                    socket.connect(new InetSocketAddress(tcp.host(), tcp.port()), CONNECT_TIMEOUT_MILLIS);
                    if (socket instanceof SSLSocket ssl) {
                        ssl.startHandshake();
                    }
                } catch (IOException e) {
                    socket.close();
                    throw e;
                }
                yield new HttpConnection(socket, socket.getInputStream(), socket.getOutputStream());
            }
        };
    }

    private static void closeQuietly(Closeable connection) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (IOException e) {
            // already broken: nothing more to release
        }
    }

    /** Closes the request's connection once its time is up (a timer on a virtual thread). */
    private static final class Deadline implements AutoCloseable {
        private final Thread timer;
        private volatile Closeable connection;
        private volatile boolean expired;

        Deadline(Duration timeout) {
            this.timer = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(timeout);
                } catch (InterruptedException e) {
                    return; // answered in time
                }
                expired = true;
                closeQuietly(connection);
            });
        }

        /** CONNECTION is what to close when the time is up (at once, if it is up already). */
        void guard(Closeable connection) {
            this.connection = connection;
            if (expired) {
                closeQuietly(connection);
            }
        }

        boolean expired() {
            return expired;
        }

        @Override
        public void close() {
            timer.interrupt();
        }
    }
}
