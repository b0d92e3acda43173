#!/usr/bin/env bash
# Captures the node mode's test fixture from the host's dockerd (cgroup v1 or v2) into DIR:
# the Engine's container list (containers.json, the fields the exporter keeps), the cgroup files
# of each running task container of SERVICES (cgroup/...), and /proc/PID/{cgroup,net/dev} of one
# process per container (proc/...), and how each container that exited with 137 ended (exits.json). Usage: scripts/capture-node-fixture.sh DIR SERVICE...
set -euo pipefail

main() {
  local dir="$1"
  shift
  mkdir -p "${dir}"
  capture_containers "${dir}" "$@"
  capture_exits "${dir}"
  local id
  for id in $(jq -r '.[] | select(.State == "running") | .Id' "${dir}/containers.json"); do
    capture_cgroup "${dir}" "${id}"
    capture_proc "${dir}" "${id}"
  done
}

capture_containers() {
  local dir="$1"
  shift
  local services
  services="$(printf '%s\n' "$@" | jq -R . | jq -s .)"
  curl -fsS --unix-socket /var/run/docker.sock \
    'http://docker/v1.41/containers/json?all=1&filters=%7B%22label%22%3A%5B%22com.docker.swarm.task.id%22%5D%7D' |
    jq --argjson services "${services}" '[.[] | select(.Labels["com.docker.swarm.service.name"] as $s | $services | index($s))
      | {Id, Image, State, Status, Created, Labels}]' >"${dir}/containers.json"
}

# exits.json: how each container that exited with 137 ended (GET /containers/ID/json, State).
capture_exits() {
  local dir="$1" id
  {
    for id in $(jq -r '.[] | select(.Status | startswith("Exited (137)")) | .Id' "${dir}/containers.json"); do
      curl -fsS --unix-socket /var/run/docker.sock "http://docker/v1.41/containers/${id}/json" |
        jq '{(.Id): {OOMKilled: .State.OOMKilled, FinishedAt: .State.FinishedAt}}'
    done
  } | jq -s 'add // {}' >"${dir}/exits.json"
}

capture_cgroup() {
  local dir="$1" id="$2" file source
  while read -r file; do
    source="/sys/fs/cgroup/${file}"
    if [[ -f "${source}" ]]; then
      mkdir -p "${dir}/cgroup/$(dirname "${file}")"
      cat "${source}" >"${dir}/cgroup/${file}"
    fi
  done <<LIST
cpu/docker/${id}/cpu.stat
cpuacct/docker/${id}/cpuacct.usage
memory/docker/${id}/memory.usage_in_bytes
memory/docker/${id}/memory.stat
memory/docker/${id}/memory.limit_in_bytes
memory/docker/${id}/memory.oom_control
blkio/docker/${id}/blkio.throttle.io_service_bytes
docker/${id}/cpu.stat
docker/${id}/memory.current
docker/${id}/memory.stat
docker/${id}/memory.max
docker/${id}/memory.events
docker/${id}/io.stat
LIST
}

capture_proc() {
  local dir="$1" id="$2" pid
  pid="$(docker inspect -f '{{.State.Pid}}' "${id}")"
  mkdir -p "${dir}/proc/${pid}/net"
  cat "/proc/${pid}/cgroup" >"${dir}/proc/${pid}/cgroup"
  cat "/proc/${pid}/net/dev" >"${dir}/proc/${pid}/net/dev"
}

main "$@"
