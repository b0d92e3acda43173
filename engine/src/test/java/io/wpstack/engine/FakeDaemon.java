package io.wpstack.engine;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A daemon that answers each request path with a canned HTTP response, on a Unix socket or loopback TCP port:
 * the transport under test is the real one. A path with no answer is never answered (a silent daemon).
 */
final class FakeDaemon implements AutoCloseable {
    private final ServerSocketChannel server;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> clients = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private FakeDaemon(ServerSocketChannel server) {
        this.server = server;
        this.acceptor = Thread.ofVirtual().start(this::serve);
    }

    static FakeDaemon onUnixSocket(Path socket) throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        return new FakeDaemon(server);
    }

    static FakeDaemon onLoopback() throws IOException {
        ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET);
        server.bind(new InetSocketAddress("127.0.0.1", 0));
        return new FakeDaemon(server);
    }

    int port() throws IOException {
        return ((InetSocketAddress) server.getLocalAddress()).getPort();
    }

    /** Answers GET PATH (with the version prefix) with STATUS and BODY, as dockerd does (chunked). */
    FakeDaemon answer(String path, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        answers.put(
                path,
                "HTTP/1.1 " + status
                        + " Whatever\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(bytes.length) + "\r\n" + body + "\r\n0\r\n\r\n");
        return this;
    }

    /** The request lines received, e.g. "GET /v1.41/info HTTP/1.1". */
    List<String> requests() {
        return List.copyOf(requests);
    }

    private void serve() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                clients.add(client);
                Thread.ofVirtual().start(() -> answer(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void answer(SocketChannel client) {
        try {
            InputStream in = Channels.newInputStream(client);
            String requestLine = readHead(in);
            requests.add(requestLine);
            String path = requestLine.split(" ")[1];
            String answer = answers.get(path);
            if (answer == null) {
                return; // silent: the client has to give up
            }
            OutputStream out = Channels.newOutputStream(client);
            out.write(answer.getBytes(StandardCharsets.UTF_8));
            out.flush();
            client.close();
        } catch (IOException e) {
            // the client went away
        }
    }

    /** The request line; the headers after it are read and dropped. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        return head.toString(StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
        for (SocketChannel client : clients) {
            client.close();
        }
    }
}
