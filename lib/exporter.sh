# shellcheck shell=bash
# exporter.sh: the Docker exporter's check mode, run from its image, for `up` and `status`.
#
#   wait_for_stack STACK [TIMEOUT]   waits until every non-job service of STACK runs all its
#                                    replicas (progress table on stderr); dies on timeout
#   show_stack_status STACK          prints the table once, with the corrected counts

# The exporter image wpstack deploys; REGISTRY and VERSION as in the stacks.
exporter_image() {
  printf '%s' "${REGISTRY:+${REGISTRY}/}wpstack/docker-exporter:${VERSION:-latest}"
}

# run_exporter_check ARGS...: `docker-exporter check ARGS` against this node's engine. Root in the
# container only to read the Docker socket; no network.
run_exporter_check() {
  docker run --rm --user 0 --network none \
    -v /var/run/docker.sock:/var/run/docker.sock:ro \
    "$(exporter_image)" check "$@"
}

wait_for_stack() {
  local stack="$1" timeout="${2:-5m}"
  info "waiting for stack ${stack} to converge (at most ${timeout})"
  run_exporter_check --stack "${stack}" --timeout "${timeout}" --interval 2s >&2 ||
    die "stack ${stack} did not converge within ${timeout}: the table above names each lagging service and its newest task error; see ./wpstack logs SERVICE"
}

show_stack_status() {
  local stack="$1"
  # A 1 ms timeout: one look, no waiting. Exit 1 only means "not converged", which status reports.
  run_exporter_check --stack "${stack}" --timeout 1ms || true
}

# stack_status STACK: the hook `./wpstack status` calls for its table.
stack_status() { show_stack_status "$1"; }
