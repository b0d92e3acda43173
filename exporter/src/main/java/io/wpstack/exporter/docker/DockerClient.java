package io.wpstack.exporter.docker;

import io.wpstack.exporter.swarm.Node;
import io.wpstack.exporter.swarm.Service;
import io.wpstack.exporter.swarm.SwarmState;
import io.wpstack.exporter.swarm.Task;
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
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * The exporter's whole view of the Engine API: three GETs per collection, issued in parallel,
 * whatever the size of the cluster. Tasks are fetched unfiltered because a failed task's desired
 * state is already "shutdown" and a job's is "complete": a desired-state=running filter would
 * hide both (measured on Engine 20.10).
 */
public final class DockerClient implements SwarmApi {
    public static final String API_VERSION = "1.41";
    static final String SERVICES = "/v" + API_VERSION + "/services?status=true";
    static final String NODES = "/v" + API_VERSION + "/nodes";
    static final String TASKS = "/v" + API_VERSION + "/tasks";

    private final DockerHost host;
    private final SSLContext tls;
    private final String userAgent;
    private final ApiRequestCounter requests;
    private final Set<Closeable> open = ConcurrentHashMap.newKeySet();

    public DockerClient(DockerHost host, String version, ApiRequestCounter requests) throws DockerException.BadConfig {
        this.host = host;
        this.tls = host instanceof DockerHost.Tcp tcp && tcp.tls().isPresent()
                ? TlsContexts.create(tcp.tls().get())
                : null;
        this.userAgent = "docker-exporter/" + version;
        this.requests = requests;
    }

    public String endpoint() {
        return host.describe();
    }

    @Override
    public SwarmState fetch(Duration timeout) throws DockerException {
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<List<Service>> services = calls.submit(() -> get("services", SERVICES, SwarmJson::services));
            Future<List<Node>> nodes = calls.submit(() -> get("nodes", NODES, SwarmJson::nodes));
            Future<List<Task>> tasks = calls.submit(() -> get("tasks", TASKS, SwarmJson::tasks));
            long deadline = System.nanoTime() + timeout.toNanos();
            try {
                return new SwarmState(await(services, deadline), await(nodes, deadline), await(tasks, deadline));
            } catch (TimeoutException e) {
                abortOpenConnections();
                throw new DockerException.Timeout(endpoint(), timeout);
            } finally {
                services.cancel(true);
                nodes.cancel(true);
                tasks.cancel(true);
            }
        }
    }

    private static <T> T await(Future<T> call, long deadline) throws DockerException, TimeoutException {
        try {
            return call.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DockerException docker) {
                throw docker;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimeoutException("interrupted");
        }
    }

    @FunctionalInterface
    interface BodyReader<T> {
        T read(InputStream body) throws IOException;
    }

    private <T> T get(String endpoint, String path, BodyReader<T> reader) throws DockerException {
        String result = "error";
        HttpConnection connection = null;
        try {
            connection = connect();
            open.add(connection);
            HttpConnection.Response response = connection.get(path, userAgent);
            if (response.status() != 200) {
                throw errorFor(path, response);
            }
            try {
                T value = reader.read(response.body());
                result = "success";
                return value;
            } catch (IOException | RuntimeException e) {
                throw new DockerException.Malformed(endpoint(), path, e);
            }
        } catch (IOException e) {
            throw new DockerException.Unreachable(endpoint(), e);
        } finally {
            if (connection != null) {
                open.remove(connection);
                closeQuietly(connection);
            }
            requests.record(endpoint, result);
        }
    }

    private DockerException errorFor(String path, HttpConnection.Response response) throws IOException {
        String message = daemonMessage(response.body());
        if (response.status() == 503 && message.contains("not a swarm manager")) {
            return new DockerException.NotManager(endpoint(), message);
        }
        if (response.status() == 400 && message.contains("is too new")) {
            return new DockerException.ApiTooOld(endpoint(), message);
        }
        return new DockerException.ApiError(endpoint(), path, response.status(), message);
    }

    private static String daemonMessage(InputStream body) throws IOException {
        byte[] bytes = body.readNBytes(16 * 1024);
        try {
            String message =
                    Json.readObject(new java.io.ByteArrayInputStream(bytes)).string("message");
            if (!message.isEmpty()) {
                return message;
            }
        } catch (IOException e) {
            // not the Engine's JSON error body: show the raw text
        }
        return new String(bytes, StandardCharsets.UTF_8).strip();
    }

    private HttpConnection connect() throws IOException {
        return switch (host) {
            case DockerHost.Unix unix -> {
                SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
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
                try {
                    socket.connect(new InetSocketAddress(tcp.host(), tcp.port()), 5_000);
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

    /** Closing a connection is what unblocks a thread stuck reading from a silent daemon. */
    private void abortOpenConnections() {
        open.forEach(DockerClient::closeQuietly);
    }

    private static void closeQuietly(Closeable connection) {
        try {
            connection.close();
        } catch (IOException e) {
            // already broken: nothing more to release
        }
    }
}
