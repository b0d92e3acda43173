#!/usr/bin/env bash
# What the node mode (docker-exporter node) costs on a node with N task containers: scrape time
# (p50/p99 of SCRAPES scrapes, as curl sees it and as the exporter times its own reads), the CPU
# time per scrape, and the RSS of the node-mode JVM next to the RSS of the containers it watches.
#
#   scripts/bench-node-mode.sh [N] [SCRAPES]       (defaults 100, 200)
#
# The containers are plain `docker run` containers of BENCH_IMAGE running `sleep`, labelled as
# Swarm labels its task containers (starting 100 service replicas takes minutes on 2 cores; the
# exporter reads only the labels). The exporter runs from IMAGE (default
# wpstack/docker-exporter:latest) as the monitoring stack runs it: user 0, the docker socket, the
# host's cgroup fs and /proc read-only, published on 127.0.0.1:PORT. Everything it starts is
# named PREFIX-* (default bench-node) and removed at exit.
set -euo pipefail

N="${1:-100}"
SCRAPES="${2:-200}"
IMAGE="${IMAGE:-wpstack/docker-exporter:latest}"
BENCH_IMAGE="${BENCH_IMAGE:-wpstack/base:trixie}"
PREFIX="${PREFIX:-bench-node}"
PORT="${PORT:-18001}"
WARMUP="${WARMUP:-30}"

main() {
  trap cleanup EXIT
  start_containers
  start_exporter
  warm_up
  measure_scrapes
  report_memory
}

fail() {
  echo "bench-node-mode: $*" >&2
  exit 1
}

cleanup() {
  local ids
  ids="$(docker ps -aq --filter "label=io.wpstack.bench=${PREFIX}")"
  if [[ -n "${ids}" ]]; then
    # shellcheck disable=SC2086 # one id per word
    docker rm -f ${ids} >/dev/null
  fi
}

start_containers() {
  local i task
  echo "starting ${N} containers of ${BENCH_IMAGE} labelled as Swarm tasks of service ${PREFIX}-svc" >&2
  for ((i = 1; i <= N; i++)); do
    task="$(printf 'bench%021d' "${i}")"
    docker run -d --name "${PREFIX}-${i}" --memory 16m \
      --label "io.wpstack.bench=${PREFIX}" \
      --label "com.docker.swarm.task.id=${task}" \
      --label "com.docker.swarm.task.name=${PREFIX}-svc.${i}.${task}" \
      --label "com.docker.swarm.service.name=${PREFIX}-svc" \
      --label "com.docker.stack.namespace=${PREFIX}" \
      "${BENCH_IMAGE}" sleep infinity >/dev/null
  done
}

start_exporter() {
  docker run -d --name "${PREFIX}-exporter" --label "io.wpstack.bench=${PREFIX}" --user 0 \
    --mount type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock,readonly \
    --mount type=bind,source=/sys/fs/cgroup,target=/host/sys/fs/cgroup,readonly \
    --mount type=bind,source=/proc,target=/host/proc,readonly \
    --publish "127.0.0.1:${PORT}:8001" \
    "${IMAGE}" node --cgroup-root /host/sys/fs/cgroup --proc-root /host/proc >/dev/null
  local i
  for ((i = 0; i < 60; i++)); do
    if curl -fsS -o /dev/null "http://127.0.0.1:${PORT}/-/healthy" 2>/dev/null; then
      return
    fi
    sleep 1
  done
  docker logs "${PREFIX}-exporter" >&2 || true
  fail "the exporter did not answer on 127.0.0.1:${PORT} within 60 s (its log is above)"
}

scrape() {
  curl -fsS -H 'Accept-Encoding: gzip' --compressed -o "$1" -w '%{time_total}\n' \
    "http://127.0.0.1:${PORT}/metrics"
}

warm_up() {
  local i
  for ((i = 0; i < WARMUP; i++)); do
    scrape /dev/null >/dev/null
  done
  local served
  served="$(curl -fsS "http://127.0.0.1:${PORT}/metrics" | awk '$1 == "docker_container_exporter_containers" { print $2 }')"
  [[ "${served%.*}" -ge "${N}" ]] || fail "the exporter serves ${served} containers, expected at least ${N}"
}

cpu_seconds() {
  local id
  id="$(docker inspect -f '{{.Id}}' "${PREFIX}-exporter")"
  if [[ -f "/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage" ]]; then
    awk '{ printf "%.6f\n", $1 / 1e9 }' "/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage"
  else
    local dir="/sys/fs/cgroup/docker/${id}"
    [[ -d "${dir}" ]] || dir="/sys/fs/cgroup/system.slice/docker-${id}.scope"
    awk '$1 == "usage_usec" { printf "%.6f\n", $2 / 1e6 }' "${dir}/cpu.stat"
  fi
}

# The node mode's one Engine call, made by curl, between two scrapes.
engine_call() {
  curl -fsS -o /dev/null -w '%{time_total}\n' --unix-socket /var/run/docker.sock \
    'http://docker/v1.41/containers/json?all=1&filters=%7B%22label%22%3A%5B%22com.docker.swarm.task.id%22%5D%7D'
}

percentiles() {
  sort -n | awk '{ v[NR] = $1 } END {
    p50 = v[int(NR * 0.50 + 0.5)]; p99 = v[int(NR * 0.99 + 0.5)]
    printf "p50 %.1f ms, p99 %.1f ms, max %.1f ms", p50 * 1000, p99 * 1000, v[NR] * 1000 }'
}

measure_scrapes() {
  local curl_times own_times engine_times body i cpu_before cpu_after bytes
  curl_times="$(mktemp)"
  own_times="$(mktemp)"
  engine_times="$(mktemp)"
  body="$(mktemp)"
  cpu_before="$(cpu_seconds)"
  for ((i = 0; i < SCRAPES; i++)); do
    scrape "${body}" >>"${curl_times}"
    awk '$1 == "docker_container_exporter_scrape_duration_seconds" { print $2 }' "${body}" >>"${own_times}"
    engine_call >>"${engine_times}"
  done
  cpu_after="$(cpu_seconds)"
  bytes="$(curl -fsS "http://127.0.0.1:${PORT}/metrics" | wc -c)"
  echo "node mode, ${N} task containers, ${SCRAPES} scrapes back to back (gzip), $(nproc) cores"
  echo "  scrape as curl sees it:          $(percentiles <"${curl_times}")"
  echo "  the Engine call alone (curl):    $(percentiles <"${engine_times}") (the floor's share that is dockerd's)"
  echo "  exporter's own reads per scrape: $(percentiles <"${own_times}") (docker_container_exporter_scrape_duration_seconds)"
  awk -v a="${cpu_before}" -v b="${cpu_after}" -v n="${SCRAPES}" \
    'BEGIN { printf "  exporter CPU per scrape:         %.1f ms\n", (b - a) * 1000 / n }'
  echo "  exposition: ${bytes} bytes uncompressed, $(grep -c '^docker_container_' "${body}") series," \
    "$(grep -c '^docker_container_network_receive_bytes_total' "${body}") containers with network series"
  rm -f "${curl_times}" "${own_times}" "${engine_times}" "${body}"
}

rss_kib() {
  awk '$1 == "VmRSS:" { print $2 }' "/proc/$1/status"
}

report_memory() {
  local exporter_pid exporter_rss total=0 i pid
  exporter_pid="$(docker inspect -f '{{.State.Pid}}' "${PREFIX}-exporter")"
  exporter_rss="$(rss_kib "${exporter_pid}")"
  for ((i = 1; i <= N; i++)); do
    pid="$(docker inspect -f '{{.State.Pid}}' "${PREFIX}-${i}")"
    total=$((total + $(rss_kib "${pid}")))
  done
  echo "  RSS: node-mode JVM $((exporter_rss / 1024)) MiB; the ${N} containers it watches $((total / 1024)) MiB" \
    "in all ($((total / N)) KiB each, a sleep process)"
}

main "$@"
