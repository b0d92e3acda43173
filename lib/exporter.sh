# shellcheck shell=bash
# exporter.sh: the Docker exporter's check mode, run from its image, for `up` and `status`.
#
#   wait_for_stack STACK [TIMEOUT]   waits until every non-job service of STACK runs all its
#                                    replicas (progress table on stderr); dies on timeout
#   show_stack_status STACK          prints the table once, with the corrected counts

# The exporter image wpstack deploys: WPSTACK_DOCKER_EXPORTER_IMAGE, else REGISTRY and VERSION as
# in the stacks.
exporter_image() {
  printf '%s' "${WPSTACK_DOCKER_EXPORTER_IMAGE:-${REGISTRY:+${REGISTRY}/}wpstack/docker-exporter:${VERSION:-latest}}"
}

# run_exporter_check ARGS...: `docker-exporter check ARGS` against this node's engine. Root in the
# container only to read the Docker socket; no network.
# Its exit status: 0 converged, 1 not converged in time, 125 and above: docker could not run it.
# The JVM's "Picked up JDK_JAVA_OPTIONS" note (the image's memory settings) is not for users.
run_exporter_check() {
  docker run --rm --user 0 --network none \
    -v /var/run/docker.sock:/var/run/docker.sock:ro \
    "$(exporter_image)" check "$@" 2> >(grep -v '^NOTE: Picked up JDK_JAVA_OPTIONS' >&2)
}

# ensure_exporter_image [--if-missing]: the check runs from the exporter's image, so up builds it
# when it deploys local images (from cache when unchanged), and status when it is missing; from a
# registry, the nodes pull it.
ensure_exporter_image() {
  [[ -n "${WPSTACK_REGISTRY:-}" || -n "${REGISTRY:-}" || -n "${WPSTACK_DOCKER_EXPORTER_IMAGE:-}" ]] && return 0
  [[ "${1:-}" == --if-missing ]] && image_exists "$(exporter_image)" && return 0
  build_local_images docker-exporter
}

wait_for_stack() {
  local stack="$1" timeout="${2:-5m}" rc=0
  info "waiting for stack ${stack} to converge (at most ${timeout})"
  run_exporter_check --stack "${stack}" --timeout "${timeout}" --interval 2s >&2 || rc=$?
  case "${rc}" in
    0) ;;
    1) die "stack ${stack} did not converge within ${timeout}: the table above names each lagging service and its newest task error; see ./wpstack logs SERVICE" ;;
    *) die "could not run the convergence check (docker run $(exporter_image) exited ${rc}, above); the stack was deployed: see ./wpstack status once the cause is fixed" ;;
  esac
}

show_stack_status() {
  local stack="$1" rc=0
  # A 1 ms timeout: one look, no waiting. Exit 1 only means "not converged", which status reports.
  run_exporter_check --stack "${stack}" --timeout 1ms || rc=$?
  ((rc <= 1)) || die "could not run the status check (docker run $(exporter_image) exited ${rc}, above)"
}

# stack_status STACK: the hook `./wpstack status` calls for its table.
stack_status() { show_stack_status "$1"; }
