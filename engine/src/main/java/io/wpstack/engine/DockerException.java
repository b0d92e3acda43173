package io.wpstack.engine;

import java.time.Duration;

/**
 * A collection failure the operator can act on. Each kind names the cause and the fix in its
 * message; {@link #kind()} is stable so a repeated failure is logged once, not every scrape.
 */
public abstract sealed class DockerException extends Exception {
    private static final long serialVersionUID = 1L;

    DockerException(String message, Throwable cause) {
        super(message, cause);
    }

    public abstract String kind();

    /** Nothing answers at DOCKER_HOST. */
    public static final class Unreachable extends DockerException {
        private static final long serialVersionUID = 1L;

        public Unreachable(String endpoint, Throwable cause) {
            super(
                    "cannot reach the Docker daemon at " + endpoint + " (" + cause.getMessage() + "); " + fixFor(cause),
                    cause);
        }

        /** The socket exists but this user may not open it: the fix is the user, not the daemon. */
        static String fixFor(Throwable cause) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof java.nio.file.AccessDeniedException || message.contains("Permission denied")) {
                return "this user may not open the socket: run the container with --user 0, or with --group-add"
                        + " and the socket's group id (stat -c %g /var/run/docker.sock)";
            }
            return "start dockerd, or set DOCKER_HOST, and mount /var/run/docker.sock into the container";
        }

        @Override
        public String kind() {
            return "unreachable";
        }
    }

    /** The daemon answers but is no Swarm manager (a worker, or no swarm at all). */
    public static final class NotManager extends DockerException {
        private static final long serialVersionUID = 1L;
        private final String daemonMessage;

        public NotManager(String endpoint, String daemonMessage) {
            super(
                    "the Docker daemon at " + endpoint + " is not a swarm manager (" + daemonMessage
                            + "); run the exporter on a manager node (placement constraint node.role==manager)",
                    null);
            this.daemonMessage = daemonMessage;
        }

        /** What the daemon said, for a message with another fix (the CLI's: run it on a manager). */
        public String daemonMessage() {
            return daemonMessage;
        }

        @Override
        public String kind() {
            return "not_manager";
        }
    }

    /** The Engine is older than API 1.41 (Docker 20.10), which job services and ServiceStatus need. */
    public static final class ApiTooOld extends DockerException {
        private static final long serialVersionUID = 1L;

        public ApiTooOld(String endpoint, String daemonMessage) {
            super(
                    "the Docker daemon at " + endpoint + " does not speak Engine API " + EngineClient.API_VERSION + " ("
                            + daemonMessage + "); upgrade Docker to 20.10 or newer",
                    null);
        }

        @Override
        public String kind() {
            return "api_too_old";
        }
    }

    /** A request did not finish in time (the exporter's --collect-timeout). */
    public static final class Timeout extends DockerException {
        private static final long serialVersionUID = 1L;

        public Timeout(String endpoint, Duration timeout) {
            super(
                    "the Docker daemon at " + endpoint + " did not answer within " + timeout.toMillis()
                            + " ms; check the daemon's load, or raise --collect-timeout",
                    null);
        }

        @Override
        public String kind() {
            return "timeout";
        }
    }

    /** The daemon's answer could not be read as the Engine API's JSON. */
    public static final class Malformed extends DockerException {
        private static final long serialVersionUID = 1L;

        public Malformed(String endpoint, String request, Throwable cause) {
            super(
                    "the answer to GET " + request + " from " + endpoint + " is not valid Engine API JSON ("
                            + cause.getMessage()
                            + "); is DOCKER_HOST a Docker daemon (not a proxy or another service)?",
                    cause);
        }

        @Override
        public String kind() {
            return "malformed";
        }
    }

    /** The object a GET names does not exist (HTTP 404): an answer, for whoever asked whether it exists. */
    public static final class NotFound extends DockerException {
        private static final long serialVersionUID = 1L;

        public NotFound(String endpoint, String request, String daemonMessage) {
            super("GET " + request + " on " + endpoint + ": " + daemonMessage, null);
        }

        @Override
        public String kind() {
            return "not_found";
        }
    }

    /** Any other error status from the daemon. */
    public static final class ApiError extends DockerException {
        private static final long serialVersionUID = 1L;

        private final int status;

        public ApiError(String endpoint, String request, int status, String daemonMessage) {
            super(
                    "GET " + request + " on " + endpoint + " failed with HTTP " + status + ": " + daemonMessage
                            + "; see the daemon's log",
                    null);
            this.status = status;
        }

        /** The HTTP status the daemon answered. */
        public int status() {
            return status;
        }

        @Override
        public String kind() {
            return "api_error";
        }
    }

    /**
     * The TLS handshake failed: the daemon's certificate does not name the host of DOCKER_HOST, is not signed by
     * DOCKER_CERT_PATH's ca.pem, or the daemon refused the client certificate. Retrying cannot help.
     */
    public static final class TlsRefused extends DockerException {
        private static final long serialVersionUID = 1L;

        public TlsRefused(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String kind() {
            return "tls";
        }
    }

    /** DOCKER_HOST or the TLS files are unusable; retrying cannot help. */
    public static final class BadConfig extends DockerException {
        private static final long serialVersionUID = 1L;

        public BadConfig(String message, Throwable cause) {
            super(message, cause);
        }

        @Override
        public String kind() {
            return "bad_config";
        }
    }
}
