#!/usr/bin/env bash
# Prints the RSS of a do-nothing HTTP server on the docker-exporter image's JVM: the floor under
# the exporter's own RSS. The server (JDK's com.sun.net.httpserver, one /metrics handler answering
# one line) runs in the exporter image with the image's JVM flags, gets N requests, and its VmRSS
# is read; then the same with C1 only and with the interpreter only.
#
# Usage: scripts/bench-jvm-floor.sh [--image IMAGE] [--requests N]
# Needs root (reads /proc of the container) and a JDK 25 on the host to compile the server
# (JAVA_HOME, else /usr/lib/jvm/*25*).
set -euo pipefail

# shellcheck source=scripts/bench-common.sh
. "$(dirname "$0")/bench-common.sh"

IMAGE="wpstack/docker-exporter:latest"
REQUESTS=200
PORT="${BENCH_PORT:-18995}"
CONTAINER="${BENCH_CONTAINER:-bench-jvm-floor}"
WORK="$(mktemp -d)"

die() {
  printf 'bench-jvm-floor: %s\n' "$1" >&2
  exit 1
}

parse_args() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --image) IMAGE="${2:?--image needs a value}"; shift 2 ;;
      --requests) REQUESTS="${2:?--requests needs a value}"; shift 2 ;;
      *) die "unknown argument $1; see the header of $0" ;;
    esac
  done
}

javac_25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
    [[ -n "$candidate" && -x "$candidate/bin/javac" ]] && { echo "$candidate/bin/javac"; return; }
  done
  die "no JDK 25 found: set JAVA_HOME to one"
}

compile_server() {
  cat >"${WORK}/Hello.java" <<'EOF'
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

public class Hello {
    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", Integer.parseInt(args[0])), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = "docker_swarm_up 1\n".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }
}
EOF
  # The same answer from a minimal HTTP/1.1 server on java.base's sockets alone (no jdk.httpserver):
  # one thread, one connection at a time, the request's headers read up to the blank line.
  cat >"${WORK}/Raw.java" <<'EOF'
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

public class Raw {
    public static void main(String[] args) throws Exception {
        byte[] body = "docker_swarm_up 1\n".getBytes(StandardCharsets.US_ASCII);
        byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (ServerSocket server = new ServerSocket(Integer.parseInt(args[0]), 50, InetAddress.getByName("127.0.0.1"))) {
            while (true) {
                try (Socket socket = server.accept()) {
                    InputStream in = socket.getInputStream();
                    int state = 0;
                    for (int b; state < 4 && (b = in.read()) >= 0; ) {
                        boolean cr = b == '\r' && (state == 0 || state == 2);
                        boolean lf = b == '\n' && (state == 1 || state == 3);
                        state = cr || lf ? state + 1 : 0;
                    }
                    OutputStream out = socket.getOutputStream();
                    out.write(head);
                    out.write(body);
                    out.flush();
                }
            }
        }
    }
}
EOF
  "$(javac_25)" -d "${WORK}" "${WORK}/Hello.java" "${WORK}/Raw.java"
}

# measure LABEL "JVM FLAGS" [CLASS]: one table row (CLASS Hello: jdk.httpserver, Raw: plain sockets).
measure() {
  local label="$1" options="$2" class="${3:-Hello}"
  docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
  docker run -d --name "$CONTAINER" --user 0 --network host -v "${WORK}:/hello:ro" \
    -e "JDK_JAVA_OPTIONS=${options}" --entrypoint java "$IMAGE" -cp /hello "$class" "$PORT" >/dev/null
  local tries=0
  until curl -sf -o /dev/null "http://127.0.0.1:${PORT}/metrics"; do
    (( ++tries < 500 )) || die "the server did not answer; see: docker logs ${CONTAINER}"
    sleep 0.02
  done
  for _ in $(seq "$REQUESTS"); do curl -sf -o /dev/null "http://127.0.0.1:${PORT}/metrics"; done
  printf '| %s | %s | %s |\n' "$label" "$(container_rss_mib "$CONTAINER")" "$(container_threads "$CONTAINER")"
  docker rm -f "$CONTAINER" >/dev/null
}

cleanup() {
  docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}

main() {
  parse_args "$@"
  docker image inspect "$IMAGE" >/dev/null 2>&1 || die "no image $IMAGE: run ./wpstack build first"
  trap cleanup EXIT
  compile_server
  local options c1="-XX:TieredStopAtLevel=1 -XX:CICompilerCount=1 -XX:ReservedCodeCacheSize=16m"
  options="$(image_java_options "$IMAGE")"
  printf 'do-nothing HTTP server on %s, %s requests\n\n' "$IMAGE" "$REQUESTS"
  # The image's entrypoint adds -Xmx from the memory limit; these servers run with the old fixed 16m.
  options="$options -Xmx16m"
  printf '| JVM (the image'"'"'s JDK_JAVA_OPTIONS -Xmx16m, plus) | RSS MiB | threads |\n|---|---|---|\n'
  measure "nothing (image default)" "$options"
  measure "nothing, minimal HTTP server (no jdk.httpserver)" "$options" Raw
  measure "$c1" "$options $c1"
  measure "$c1, minimal HTTP server" "$options $c1" Raw
  measure "-Xint" "$options -Xint"
  measure "-Xint, minimal HTTP server" "$options -Xint" Raw
}

main "$@"
