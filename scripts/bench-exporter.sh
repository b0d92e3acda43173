#!/usr/bin/env bash
# Benchmarks docker-exporter against the local single-node swarm and prints one table.
#
# For each size (services x tasks each) it creates the services with an unsatisfiable placement
# constraint (pending tasks: no containers needed), then measures in the same run:
#   - the raw floor: the exporter's three Engine API calls made by curl, in parallel as the exporter does
#   - scrape latency p50/p99 of the exporter container's /metrics (curl)
#   - Engine API calls per scrape (the exporter's own counter)
#   - time from `docker run` to the first scrape with docker_swarm_up 1
#   - RSS of the exporter's JVM after the scrapes
# and the image size once.
#
# Usage: scripts/bench-exporter.sh [--sizes "100x2 1000x2 1000x10"] [--scrapes N] [--image IMAGE]
#                                  [--keep-services] [--java-options "JVM FLAGS"] [--aot-cache]
#                                  [--socket PATH] [--memory LIMIT]
# The services are named bench-<i> and removed afterwards (unless --keep-services, which saves
# the minutes it takes to create 1,000 of them next time). --java-options replaces the image's
# JDK_JAVA_OPTIONS. Floor and scrape are measured alternately, one after the other, so both see
# the same daemon load. Each round is one floor, one scrape as Prometheus sends it (OpenMetrics,
# gzip) and one plain-text scrape (text 0.0.4, no compression), each ratio against the round's floor.
# --socket PATH benchmarks the swarm whose Engine API answers on that Unix socket (e.g. a DinD
# node's, published to the host), default /var/run/docker.sock: the services are created there and
# the exporter container (run on the host's daemon) reads that socket.
# --aot-cache measures the exporter with a JDK 25 AOT cache (JEP 483/514): per size, a training
# run of 100 scrapes writes the cache to a host folder, and the measured run maps it read-only.
# --memory is the exporter container's memory limit (default 128m, the stack's), from which the
# image sizes its heap.
# BENCH_CONTAINER and BENCH_PORT rename the exporter container and move its port (default
# bench-docker-exporter, 18990). Needs root (reads /proc of the container).
set -euo pipefail

# shellcheck source=scripts/bench-common.sh
. "$(dirname "$0")/bench-common.sh"

SIZES="100x2 1000x2 1000x10"
SCRAPES=1000
IMAGE="wpstack/docker-exporter:latest"
PORT="${BENCH_PORT:-18990}"
SOCKET=/var/run/docker.sock
MEMORY=128m # the stack's DOCKER_EXPORTER_MEMORY_LIMIT; the image sizes its heap from it
CONTAINER="${BENCH_CONTAINER:-bench-docker-exporter}"
STATE_FILE="$(mktemp)"
KEEP=""
JAVA_OPTIONS=""
AOT=""
AOT_DIR=""
AOT_BASE_OPTIONS="" # the JVM flags the AOT cache is trained and used with

die() {
  printf 'bench-exporter: %s\n' "$1" >&2
  exit 1
}

progress() { printf '... %s\n' "$*" >&2; }

parse_args() {
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --sizes) SIZES="${2:?--sizes needs a value}"; shift 2 ;;
      --scrapes) SCRAPES="${2:?--scrapes needs a value}"; shift 2 ;;
      --image) IMAGE="${2:?--image needs a value}"; shift 2 ;;
      --keep-services) KEEP=1; shift ;;
      --java-options) JAVA_OPTIONS="${2:?--java-options needs a value}"; shift 2 ;;
      --aot-cache) AOT=1; shift ;;
      --memory) MEMORY="${2:?--memory needs a value}"; shift 2 ;;
      --socket) SOCKET="${2:?--socket needs a value}"; shift 2 ;;
      *) die "unknown argument $1; see the header of $0" ;;
    esac
  done
}

check_prerequisites() {
  command -v curl >/dev/null || die "curl is missing: apt-get install curl"
  docker image inspect "$IMAGE" >/dev/null 2>&1 || die "no image $IMAGE: run ./wpstack build first"
  [[ -S "$SOCKET" ]] || die "no Engine socket at $SOCKET"
  [[ "$(swarm_docker info --format '{{.Swarm.ControlAvailable}}')" == "true" ]] || die "not a swarm manager: run ./wpstack test or docker swarm init"
}

# swarm_docker ARGS: the docker CLI against the benchmarked Engine (--socket).
swarm_docker() { DOCKER_HOST="unix://${SOCKET}" docker "$@"; }

now_ms() { echo $(( ${EPOCHREALTIME/./} / 1000 )); }

# ensure_service NAME REPLICAS [CURRENT]: create the pending service, or rescale it if needed.
ensure_service() {
  local name="$1" replicas="$2" current="${3:-}"
  if [[ -z "$current" ]]; then
    swarm_docker service create --detach --quiet --name "$name" --endpoint-mode dnsrr \
      --replicas "$replicas" --constraint node.labels.bench==nowhere \
      --label wpstack.bench=1 wpstack/base:trixie sleep infinity >/dev/null 2>&1
  elif [[ "$current" != "$replicas" ]]; then
    # A service listed a moment ago may be gone since (removed by an earlier run): create it.
    swarm_docker service update --detach --quiet --replicas "$replicas" "$name" >/dev/null 2>&1 ||
      ensure_service "$name" "$replicas"
  fi
}

# Makes bench-1..N exist with the given replicas (8 CLI calls at a time) and no other bench-*
# service, so the sizes can run in any order without recreating what exists.
ensure_services() {
  local count="$1" replicas="$2"
  progress "services: ${count} x ${replicas} pending tasks"
  swarm_docker service ls --filter label=wpstack.bench=1 --format '{{.Name}}' |
    awk -F- -v n="$count" '$2 > n' | xargs -r -n 50 env DOCKER_HOST="unix://${SOCKET}" docker service rm >/dev/null
  swarm_docker service ls --filter label=wpstack.bench=1 --format '{{.Name}} {{.Replicas}}' |
    awk '{ split($2, r, "/"); print $1, r[2] }' >"${STATE_FILE}"
  export SOCKET
  export -f ensure_service swarm_docker
  # No trailing blank on a line: xargs -L would join it with the next one.
  seq 1 "$count" |
    awk -v want="$replicas" -v state="$STATE_FILE" '
      BEGIN { while ((getline line < state) > 0) { split(line, f, " "); have[f[1]] = f[2] } }
      { name = "bench-" $1; print name, want (name in have ? " " have[name] : "") }' |
    xargs -P 8 -L 1 bash -c 'ensure_service "$@"' _
  wait_for_tasks $(( count * replicas ))
}

wait_for_tasks() {
  local want="$1" have=0 deadline=$(( SECONDS + 600 + $1 / 50 ))
  while (( SECONDS < deadline )); do
    have="$(curl -s --unix-socket "$SOCKET" 'http://d/v1.41/tasks?filters=%7B%22desired-state%22%3A%5B%22running%22%5D%7D' |
      grep -o '"ServiceID"' | wc -l)"
    (( have == want )) && return 0
    sleep 2
  done
  die "${have} tasks instead of ${want} after $(( 600 + want / 50 )) s"
}

cleanup() {
  docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
  rm -f "$STATE_FILE"
  [[ -z "$AOT_DIR" ]] || rm -rf "$AOT_DIR"
  [[ -n "$KEEP" ]] || remove_services
}

remove_services() {
  swarm_docker service ls --filter label=wpstack.bench=1 --format '{{.Name}}' |
    xargs -r -n 50 env DOCKER_HOST="unix://${SOCKET}" docker service rm >/dev/null
}

# Median and 99th percentile of the numbers on stdin (ms).
percentiles() {
  sort -n | awk '{ v[NR] = $1 } END {
    p50 = v[int((NR + 1) * 0.50)]; i = int(NR * 0.99 + 0.5); if (i < 1) i = 1; p99 = v[i];
    printf "%d %d\n", p50, p99 }'
}

floor_once() {
  local start
  start="$(now_ms)"
  curl --silent --no-progress-meter --parallel --parallel-immediate --unix-socket "$SOCKET" \
    -o /dev/null 'http://d/v1.41/services?status=true' \
    -o /dev/null 'http://d/v1.41/nodes' \
    -o /dev/null 'http://d/v1.41/tasks'
  echo $(( $(now_ms) - start ))
}

# scrape_once: a scrape as Prometheus sends it (OpenMetrics, gzip).
scrape_once() {
  local start
  start="$(now_ms)"
  curl -sf -o /dev/null -H 'Accept-Encoding: gzip' \
    -H 'Accept: application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' \
    "http://127.0.0.1:${PORT}/metrics" || die "scrape failed; see: docker logs ${CONTAINER}"
  echo $(( $(now_ms) - start ))
}

# scrape_plain_once: a plain-text scrape (text 0.0.4, no compression).
scrape_plain_once() {
  local start
  start="$(now_ms)"
  curl -sf -o /dev/null "http://127.0.0.1:${PORT}/metrics" || die "scrape failed; see: docker logs ${CONTAINER}"
  echo $(( $(now_ms) - start ))
}

metric() {
  curl -sf "http://127.0.0.1:${PORT}/metrics" | awk -v name="$1" '$1 ~ "^"name { sum += $2 } END { print sum + 0 }'
}

# start_exporter [JVM FLAGS]: prints the ms from docker run to the first good scrape.
start_exporter() {
  local options="${1:-$JAVA_OPTIONS}"
  docker rm -f "$CONTAINER" >/dev/null 2>&1 || true
  local start
  local -a extra_args=()
  [[ -n "$options" ]] && extra_args+=(-e "JDK_JAVA_OPTIONS=${options}")
  [[ -n "$AOT_DIR" ]] && extra_args+=(-v "${AOT_DIR}:/aot")
  start="$(now_ms)"
  docker run -d --name "$CONTAINER" --user 0 --network host --memory "$MEMORY" -v "$SOCKET:/var/run/docker.sock" \
    "${extra_args[@]}" "$IMAGE" \
    --listen "127.0.0.1:${PORT}" >/dev/null
  until curl -sf "http://127.0.0.1:${PORT}/metrics" 2>/dev/null | grep -q '^docker_swarm_up 1'; do
    (( $(now_ms) - start < 30000 )) || die "no good scrape 30 s after start; see: docker logs ${CONTAINER}"
    sleep 0.02
  done
  echo $(( $(now_ms) - start ))
}

# train_aot_cache SIZE: a training run whose JVM writes ${AOT_DIR}/app.aot when it exits.
train_aot_cache() {
  local size="$1"
  [[ -n "$AOT_DIR" ]] || AOT_DIR="$(mktemp -d)"
  [[ -n "$AOT_BASE_OPTIONS" ]] || AOT_BASE_OPTIONS="${JAVA_OPTIONS:-$(image_java_options "$IMAGE")}"
  rm -f "${AOT_DIR}/app.aot"
  progress "${size}: training an AOT cache (100 scrapes)"
  start_exporter "${AOT_BASE_OPTIONS} -XX:AOTCacheOutput=/aot/app.aot" >/dev/null
  for _ in $(seq 100); do scrape_once >/dev/null; done
  docker stop -t 120 "$CONTAINER" >/dev/null
  [[ -s "${AOT_DIR}/app.aot" ]] || die "the training run wrote no AOT cache: $(docker logs "$CONTAINER" 2>&1 | tail -n 3)"
  docker rm -f "$CONTAINER" >/dev/null
  progress "${size}: AOT cache $(( $(stat -c %s "${AOT_DIR}/app.aot") / 1000000 )) MB"
}

# aot_options: the measured run's JVM flags; dies unless its log shows the cache in use.
aot_options() {
  printf '%s -XX:AOTCache=/aot/app.aot -Xlog:aot=info:stderr' "${AOT_BASE_OPTIONS}"
}

check_aot_cache_used() {
  docker logs "$CONTAINER" 2>&1 | grep -q 'Mapped static  *region' ||
    die "the exporter did not map the AOT cache: $(docker logs "$CONTAINER" 2>&1 | grep -i aot | tail -n 3)"
}

ratio() { awk -v s="$1" -v f="$2" 'BEGIN { printf "%.2f", s / (f ? f : 1) }'; }

measure_size() {
  local size="$1" services="${1%x*}" tasks="${1#*x}"
  ensure_services "$services" "$tasks"
  local first
  if [[ -n "$AOT" ]]; then
    train_aot_cache "$size"
    progress "${size}: exporter (with the AOT cache) start to first good scrape"
    first="$(start_exporter "$(aot_options)")"
    check_aot_cache_used
  else
    progress "${size}: exporter start to first good scrape"
    first="$(start_exporter)"
  fi
  local before after
  before="$(metric docker_swarm_exporter_api_requests_total)"
  progress "${size}: ${SCRAPES} x (raw floor, scrape)"
  local floors="" scrapes="" plains=""
  for _ in $(seq "$SCRAPES"); do
    floors+="$(floor_once)"$'\n'
    scrapes+="$(scrape_once)"$'\n'
    plains+="$(scrape_plain_once)"$'\n'
  done
  local floor scrape plain
  floor="$(printf '%s' "$floors" | percentiles)"
  scrape="$(printf '%s' "$scrapes" | percentiles)"
  plain="$(printf '%s' "$plains" | percentiles)"
  after="$(metric docker_swarm_exporter_api_requests_total)"
  local calls rss
  # The two metric() reads are scrapes too: 2 x SCRAPES + 1 scrapes between the counter reads.
  calls="$(awk -v a="$after" -v b="$before" -v n="$SCRAPES" 'BEGIN { printf "%.2f", (a - b) / (2 * n + 1) }')"
  rss="$(container_rss_mib "$CONTAINER")"
  local floor_p50 floor_p99 scrape_p50 scrape_p99 plain_p50 plain_p99
  read -r floor_p50 floor_p99 <<<"$floor"
  read -r scrape_p50 scrape_p99 <<<"$scrape"
  read -r plain_p50 plain_p99 <<<"$plain"
  printf '| %s | %d | %d | %d | %d | %s | %d | %d | %s | %s | %s | %s |\n' "$size" "$floor_p50" "$floor_p99" \
    "$scrape_p50" "$scrape_p99" "$(ratio "$scrape_p50" "$floor_p50")" \
    "$plain_p50" "$plain_p99" "$(ratio "$plain_p50" "$floor_p50")" "$calls" "$rss" "$first"
  docker rm -f "$CONTAINER" >/dev/null
}

main() {
  parse_args "$@"
  check_prerequisites
  trap cleanup EXIT
  printf 'docker-exporter benchmark, %s, %s scrapes per size, %s cores\n\n' "$(date -u +%Y-%m-%d)" "$SCRAPES" "$(nproc)"
  printf '| services x tasks | floor p50 ms | floor p99 ms | gzip scrape p50 ms | gzip p99 ms | gzip p50 ratio | plain scrape p50 ms | plain p99 ms | plain p50 ratio | API calls/scrape | RSS MiB after scrapes | start to first good scrape ms |\n'
  printf '|---|---|---|---|---|---|---|---|---|---|---|---|\n'
  local size
  for size in $SIZES; do
    measure_size "$size"
  done
  printf '\nimage %s: %s MB\n' "$IMAGE" "$(( $(docker image inspect -f '{{.Size}}' "$IMAGE") / 1000000 ))"
}

main "$@"
