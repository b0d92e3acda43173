#!/usr/bin/env bash
# Captures the Engine API's answers for the services labelled wpstack.case=NAME, as a golden case
# for the exporter's unit tests: exporter/src/test/resources/cases/NAME/{services,nodes,tasks}.json.
# Then run: ./mvnw -pl exporter -am test -Dtest=GoldenCasesTest -Dsurefire.failIfNoSpecifiedTests=false
# -Dgolden.update=true (-am builds testkit/, which the exporter's tests need) and review the diff.
#
# CAPTURE_DIR (default exporter/src/test/resources/cases) is where the NAME folder goes: the service
# discovery tests' captures are in exporter/src/test/resources/sd, outside the golden exposition cases.
#
# Usage: scripts/capture-case.sh NAME [DOCKER_SOCKET]
set -euo pipefail

die() {
  printf 'capture-case: %s\n' "$1" >&2
  exit 1
}

api_get() {
  local socket="$1" path="$2"
  curl --silent --show-error --fail --unix-socket "$socket" "http://docker/v1.41${path}"
}

main() {
  [[ $# -ge 1 ]] || die "usage: scripts/capture-case.sh NAME [DOCKER_SOCKET]"
  local name="$1" socket="${2:-/var/run/docker.sock}"
  command -v jq >/dev/null || die "jq is missing; install it with: apt-get install jq"
  local dir
  dir="${CAPTURE_DIR:-$(cd "$(dirname "$0")/.." && pwd)/exporter/src/test/resources/cases}/${name}"
  mkdir -p "$dir"

  local services ids
  services="$(api_get "$socket" '/services?status=true' |
    jq --arg case "$name" '[.[] | select(.Spec.Labels["wpstack.case"] == $case)]')"
  ids="$(jq '[.[].ID]' <<<"$services")"
  [[ "$ids" != "[]" ]] || die "no service carries the label wpstack.case=${name}"

  jq . <<<"$services" >"$dir/services.json"
  api_get "$socket" '/nodes' | jq . >"$dir/nodes.json"
  api_get "$socket" '/tasks' | jq --argjson ids "$ids" '[.[] | select(.ServiceID as $id | $ids | index($id))]' >"$dir/tasks.json"
  printf 'captured %s services, %s nodes, %s tasks into %s\n' \
    "$(jq length "$dir/services.json")" "$(jq length "$dir/nodes.json")" "$(jq length "$dir/tasks.json")" "$dir"
}

main "$@"
