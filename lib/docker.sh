# shellcheck shell=bash
# docker.sh: make sure a Docker engine answers and is a swarm manager.
#
#   ensure_docker   install (docker.io) and start dockerd when no engine answers
#   ensure_swarm    initialise a single-node swarm when the engine is in none
#
# Environment:
#   WPSTACK_DOCKERD_OPTS     extra flags for a dockerd that wpstack starts
#                            (e.g. "--exec-opt native.cgroupdriver=cgroupfs")
#   WPSTACK_ADVERTISE_ADDR   swarm advertise address (default: the address of
#                            the default route's interface, else 127.0.0.1)

DOCKERD_LOG="/var/log/wpstack-dockerd.log"
DOCKERD_PIDFILE="/var/run/docker.pid"
CONTAINERD_PIDFILE="/var/run/docker/containerd/containerd.pid"
DOCKERD_START_TIMEOUT=60

# docker_answers: true when the engine replies to the client.
docker_answers() {
  command -v docker >/dev/null || return 1
  timeout 5 docker version --format '{{.Server.Version}}' >/dev/null 2>&1
}

ensure_docker() {
  docker_answers && return 0
  ensure_local_docker_host
  is_root || die "no Docker engine answers and wpstack is not running as root; start Docker yourself, or rerun as root so wpstack can install and start it"
  install_docker_if_missing
  docker_answers && return 0
  if pidfile_process_alive "${DOCKERD_PIDFILE}" dockerd; then
    info "dockerd (pid $(<"${DOCKERD_PIDFILE}")) is running but not answering yet; waiting for it"
  else
    remove_stale_pidfile "${DOCKERD_PIDFILE}" dockerd
    remove_stale_pidfile "${CONTAINERD_PIDFILE}" containerd
    start_dockerd
  fi
  wait_for_docker
}

# ensure_local_docker_host: wpstack only starts a local engine; a DOCKER_HOST
# pointing elsewhere that does not answer is the user's to fix.
ensure_local_docker_host() {
  case "${DOCKER_HOST:-}" in
    "" | unix:///var/run/docker.sock) ;;
    *) die "the Docker engine at DOCKER_HOST=${DOCKER_HOST} does not answer; start it, or unset DOCKER_HOST to use (and let wpstack start) the local engine" ;;
  esac
}

# install_docker_if_missing: docker.io has the engine; the client is in it on
# Debian 12, in the separate docker-cli (only recommended) from Debian 13.
install_docker_if_missing() {
  if ! command -v dockerd >/dev/null; then
    info "no Docker engine installed; installing the distribution's docker.io"
    apt_install docker.io
    command -v dockerd >/dev/null || die "installed docker.io but dockerd is not on the PATH; check ${WPSTACK_LOG_DIR}/apt.log"
  fi
  if ! command -v docker >/dev/null; then
    info "no docker client installed; installing docker-cli"
    apt_install docker-cli
    command -v docker >/dev/null || die "installed docker-cli but docker is not on the PATH; check ${WPSTACK_LOG_DIR}/apt.log"
  fi
}

# pidfile_process_alive FILE NAME: the pid in FILE is a live process named
# NAME (not a zombie: a killed daemon whose parent does not reap it, as under
# a container's `sleep` as pid 1, keeps its name).
pidfile_process_alive() {
  local file="$1" name="$2" pid comm stat state
  [[ -s "${file}" ]] || return 1
  pid="$(<"${file}")"
  [[ "${pid}" =~ ^[0-9]+$ ]] || return 1
  comm="$(cat "/proc/${pid}/comm" 2>/dev/null)" || return 1
  [[ "${comm}" == "${name}" ]] || return 1
  stat="$(cat "/proc/${pid}/stat" 2>/dev/null)" || return 1
  state="${stat##*) }"
  [[ "${state%% *}" != Z ]]
}

# remove_stale_pidfile FILE NAME: remove FILE when its process is gone (a
# daemon killed with -9 leaves it behind, and dockerd then refuses to start).
remove_stale_pidfile() {
  local file="$1" name="$2"
  [[ -e "${file}" ]] || return 0
  pidfile_process_alive "${file}" "${name}" && return 0
  info "removing stale ${file} (${name} pid $(cat "${file}" 2>/dev/null || true) is not running)"
  rm -f "${file}"
}

start_dockerd() {
  local -a opts=()
  read -r -a opts <<<"${WPSTACK_DOCKERD_OPTS:-}"
  mkdir -p "$(dirname "${DOCKERD_LOG}")"
  printf -- '--- wpstack: starting dockerd %s at %s\n' "${opts[*]}" "$(date -Is)" >>"${DOCKERD_LOG}"
  info "starting dockerd${opts[*]:+ ${opts[*]}} (log: ${DOCKERD_LOG})"
  setsid nohup dockerd "${opts[@]}" >>"${DOCKERD_LOG}" 2>&1 </dev/null &
  DOCKERD_STARTED_PID=$!
}

# wait_for_docker: poll until the engine answers, up to DOCKERD_START_TIMEOUT s.
wait_for_docker() {
  local start=${SECONDS} waited=0
  while ((waited < DOCKERD_START_TIMEOUT)); do
    if docker_answers; then
      info "Docker engine $(docker version --format '{{.Server.Version}}') is up after ${waited}s"
      return 0
    fi
    if [[ -n "${DOCKERD_STARTED_PID:-}" ]] && ! kill -0 "${DOCKERD_STARTED_PID}" 2>/dev/null; then
      dockerd_failed "dockerd exited after ${waited}s"
    fi
    ((waited > 0 && waited % 5 == 0)) && info "waiting for dockerd... ${waited}s"
    sleep 1
    waited=$((SECONDS - start))
  done
  dockerd_failed "dockerd did not answer within ${DOCKERD_START_TIMEOUT}s"
}

dockerd_failed() {
  printf -- '--- last lines of %s:\n' "${DOCKERD_LOG}" >&2
  tail -n 25 "${DOCKERD_LOG}" >&2 || true
  die "$1; read ${DOCKERD_LOG} (last lines above), fix the cause and rerun; extra dockerd flags go in WPSTACK_DOCKERD_OPTS"
}

ensure_swarm() {
  local state
  state="$(docker info --format '{{.Swarm.LocalNodeState}}')" ||
    die "cannot read the swarm state (docker info failed); is the Docker engine up? (./wpstack runs ensure_docker first)"
  case "${state}" in
    active) ensure_swarm_manager ;;
    inactive | "") init_swarm ;;
    locked) die "the swarm is locked (autolock); unlock it with: docker swarm unlock" ;;
    pending) die "this node is still joining a swarm; wait, or leave it with: docker swarm leave --force" ;;
    *) die "the swarm is in state \"${state}\"; see docker info, fix or leave it (docker swarm leave --force) and rerun" ;;
  esac
}

ensure_swarm_manager() {
  [[ "$(docker info --format '{{.Swarm.ControlAvailable}}')" == "true" ]] ||
    die "this engine is a swarm worker; run wpstack on a manager node (docker node ls there)"
}

init_swarm() {
  local addr log
  addr="$(swarm_advertise_addr)"
  log="$(log_file swarm-init)"
  info "initialising a single-node swarm (advertise address ${addr})"
  docker swarm init --advertise-addr "${addr}" >"${log}" 2>&1 || {
    cat "${log}" >&2
    die "docker swarm init --advertise-addr ${addr} failed (output above); set WPSTACK_ADVERTISE_ADDR to an address of this machine and rerun"
  }
}

# swarm_advertise_addr: WPSTACK_ADVERTISE_ADDR, else the IPv4 address of the
# default route's interface, else 127.0.0.1.
swarm_advertise_addr() {
  if [[ -n "${WPSTACK_ADVERTISE_ADDR:-}" ]]; then
    printf '%s\n' "${WPSTACK_ADVERTISE_ADDR}"
  elif ! default_route_addr; then
    warn "no address found on the default route's interface; advertising 127.0.0.1 (set WPSTACK_ADVERTISE_ADDR for a multi-node swarm)"
    printf '127.0.0.1\n'
  fi
}

default_route_addr() {
  command -v ip >/dev/null || return 1
  local dev addr
  dev="$(ip -4 route show default 2>/dev/null |
    awk '{ for (i = 1; i < NF; i++) if ($i == "dev") { print $(i + 1); exit } }')"
  [[ -n "${dev}" ]] || return 1
  addr="$(ip -4 -o addr show dev "${dev}" scope global 2>/dev/null |
    awk '{ sub(/\/.*/, "", $4); print $4; exit }')"
  [[ -n "${addr}" ]] || return 1
  printf '%s\n' "${addr}"
}

# --- client compatibility -------------------------------------------------------
# Debian 12's docker.io ships the 20.10 client: its `stack deploy` always detaches (newer clients
# wait unless told --detach=true) and it has no `stack config`.

# stack_config_supported: the client can render a stack file (`docker stack config`, CLI >= 25).
stack_config_supported() {
  docker stack config --help >/dev/null 2>&1 && docker stack config --help 2>&1 | grep -q -- '--compose-file'
}

# --- stacks ----------------------------------------------------------------------

# stack_secret_prefix STACK DEFAULT: "" for the default stack name (the original secret names),
# "STACK_" for any other, so a second deployment on the same swarm gets secrets of its own.
stack_secret_prefix() {
  [[ "$1" == "$2" ]] || printf '%s_\n' "$1"
}

