# shellcheck shell=bash
# Sourced by the scripts/bench-*.sh: reading a container's RSS, building the wrk image.

# image_java_options IMAGE: the JDK_JAVA_OPTIONS the image sets (its JVM defaults).
image_java_options() {
  docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$1" | sed -n 's/^JDK_JAVA_OPTIONS=//p'
}

# container_rss_mib CONTAINER: VmRSS of the container's PID 1, in MiB with one decimal (needs root).
container_rss_mib() {
  local pid
  pid="$(docker inspect -f '{{.State.Pid}}' "$1")"
  awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/${pid}/status"
}

# container_threads CONTAINER: the threads of the container's PID 1 (needs root).
container_threads() {
  local pid
  pid="$(docker inspect -f '{{.State.Pid}}' "$1")"
  awk '/^Threads/ { print $2 }' "/proc/${pid}/status"
}

# ensure_wrk_image ROOT IMAGE: builds images/wrk as IMAGE, FROM the base image wpstack's builds use,
# when it is missing.
ensure_wrk_image() {
  local root="$1" image="$2"
  docker image inspect "${image}" >/dev/null 2>&1 && return 0
  printf '... building %s (images/wrk)\n' "${image}" >&2
  (
    # shellcheck disable=SC2034 # read by lib/core.sh
    WPSTACK_ROOT="${root}"
    # shellcheck source=lib/core.sh
    source "${root}/lib/core.sh"
    # shellcheck source=lib/images.sh
    source "${root}/lib/images.sh"
    ensure_base_image
    docker build --quiet --build-arg BASE_IMAGE="${BASE_IMAGE}" --tag "${image}" "${root}/images/wrk" >/dev/null
  ) || {
    printf '%s: error: building %s failed (see above); fix images/wrk/Dockerfile and rerun\n' "$(basename "$0" .sh)" "${image}" >&2
    exit 1
  }
}
