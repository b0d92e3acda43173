package io.wpstack.engine;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where the daemon listens, read from the environment exactly as the docker CLI reads it:
 * DOCKER_HOST (unix:// or tcp://), DOCKER_TLS_VERIFY, DOCKER_TLS and DOCKER_CERT_PATH.
 */
public sealed interface DockerHost {
    String DEFAULT_SOCKET = "/var/run/docker.sock";

    String describe();

    record Unix(Path socket) implements DockerHost {
        @Override
        public String describe() {
            return "unix://" + socket;
        }
    }

    /** @param tls empty for plain TCP */
    record Tcp(String host, int port, Optional<TlsFiles> tls) implements DockerHost {
        @Override
        public String describe() {
            return (tls.isPresent() ? "https://" : "tcp://") + host + ":" + port;
        }
    }

    /** @param verify verify the daemon's certificate against ca.pem (DOCKER_TLS_VERIFY) */
    record TlsFiles(Path certPath, boolean verify) {
        public Path ca() {
            return certPath.resolve("ca.pem");
        }

        public Path cert() {
            return certPath.resolve("cert.pem");
        }

        public Path key() {
            return certPath.resolve("key.pem");
        }
    }

    static DockerHost fromEnvironment(Map<String, String> env) throws DockerException.BadConfig {
        String value = env.getOrDefault("DOCKER_HOST", "");
        if (value.isBlank()) {
            return new Unix(Path.of(DEFAULT_SOCKET));
        }
        URI uri;
        try {
            uri = URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw badHost(value, e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme();
        return switch (scheme) {
            case "unix" -> new Unix(Path.of(uri.getPath()));
            case "tcp", "http", "https" -> tcp(uri, value, tls(env, scheme.equals("https")));
            default -> throw badHost(value, null);
        };
    }

    private static Tcp tcp(URI uri, String value, Optional<TlsFiles> tls) throws DockerException.BadConfig {
        if (uri.getHost() == null) {
            throw badHost(value, null);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : (tls.isPresent() ? 2376 : 2375);
        return new Tcp(uri.getHost(), port, tls);
    }

    private static Optional<TlsFiles> tls(Map<String, String> env, boolean forced) {
        boolean verify = !env.getOrDefault("DOCKER_TLS_VERIFY", "").isEmpty();
        boolean tls = verify || forced || !env.getOrDefault("DOCKER_TLS", "").isEmpty();
        if (!tls) {
            return Optional.empty();
        }
        String certPath = env.getOrDefault("DOCKER_CERT_PATH", "");
        Path path = certPath.isEmpty() ? Path.of(System.getProperty("user.home"), ".docker") : Path.of(certPath);
        return Optional.of(new TlsFiles(path, verify));
    }

    private static DockerException.BadConfig badHost(String value, Throwable cause) {
        return new DockerException.BadConfig(
                "DOCKER_HOST=" + value + " is not supported; use unix:///path/to/docker.sock or tcp://host:port",
                cause);
    }
}
