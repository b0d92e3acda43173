package io.wpstack.exporter.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The JDK's HTTP server, one virtual thread per exchange, serving ROUTES (path prefix to handler) until closed. */
public final class Listener implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    private Listener(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Listens at ADDRESS, BACKLOG connections queued; the longest matching prefix of ROUTES answers. */
    public static Listener start(InetSocketAddress address, int backlog, Map<String, HttpHandler> routes)
            throws IOException {
        HttpServer server = HttpServer.create(address, backlog);
        routes.forEach(server::createContext);
        ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.start();
        return new Listener(server, executor);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
    }
}
