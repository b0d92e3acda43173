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
PORT=18995
CONTAINER=bench-jvm-floor
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
  "$(javac_25)" -d "${WORK}" "${WORK}/Hello.java"
}

# measure LABEL "JVM FLAGS": one table row.
measure() {
  local label="$1" options="$2"
  docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
  docker run -d --name "$CONTAINER" --user 0 --network host -v "${WORK}:/hello:ro" \
    -e "JDK_JAVA_OPTIONS=${options}" --entrypoint java "$IMAGE" -cp /hello Hello "$PORT" >/dev/null
  local tries=0
  until curl -sf -o /dev/null "http://127.0.0.1:${PORT}/metrics"; do
    (( ++tries < 500 )) || die "the server did not answer; see: docker logs ${CONTAINER}"
    sleep 0.02
  done
  for _ in $(seq "$REQUESTS"); do curl -sf -o /dev/null "http://127.0.0.1:${PORT}/metrics"; done
  printf '| %s | %s |\n' "$label" "$(container_rss_mib "$CONTAINER")"
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
  printf '| JVM (the image'"'"'s JDK_JAVA_OPTIONS, plus) | RSS MiB |\n|---|---|\n'
  measure "nothing (image default)" "$options"
  measure "$c1" "$options $c1"
  measure "-Xint" "$options -Xint"
}

main "$@"
