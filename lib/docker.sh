# shellcheck shell=bash
# docker.sh: make sure a Docker engine answers (the launcher's first step; the swarm is the CLI's:
# cli/.../commands/Swarm.java).
#
#   ensure_docker   install (docker.io) and start dockerd when no engine answers
#
# Environment:
#   WPSTACK_DOCKERD_OPTS     extra flags for a dockerd that wpstack starts
#                            (e.g. "--exec-opt native.cgroupdriver=cgroupfs")

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
