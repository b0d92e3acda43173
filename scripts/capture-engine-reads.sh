#!/usr/bin/env bash
# Captures, from a real daemon, the Engine API's answers to the requests the CLI's EngineReads makes for
# STACK, and at the same moment what the docker CLI commands those reads replace printed: the fixture of
# cli/src/test/java/io/wpstack/cli/docker/EngineReadsCapturedTest.java, in
# cli/src/test/resources/engine/NAME/ (api/*.json, requests.tsv mapping each request to its answer, cli/*.txt,
# clock.txt). Only GETs: nothing on the daemon changes. Swarm join tokens are never asked for.
# Then run: ./mvnw -pl cli -am test -Dtest=EngineReadsCapturedTest -Dsurefire.failIfNoSpecifiedTests=false
#
# Usage: scripts/capture-engine-reads.sh NAME STACK [DOCKER_SOCKET]
set -euo pipefail

die() {
  printf 'capture-engine-reads: %s\n' "$1" >&2
  exit 1
}

# The filters query parameter as the CLI sends it: {"name":["value"],...}, URL-encoded.
filters() {
  jq -rn --arg json "$1" '$json | @uri'
}

# GET PATH into api/FILE, trimmed by the jq filter TRIM, and note the request.
capture() {
  local path="$1" file="$2" trim="${3:-.}"
  curl --silent --show-error --fail --unix-socket "$socket" "http://docker/v1.41${path}" | jq "$trim" >"$dir/api/$file"
  printf '%s\t%s\n' "$path" "$file" >>"$dir/requests.tsv"
}

main() {
  [[ $# -ge 2 ]] || die "usage: scripts/capture-engine-reads.sh NAME STACK [DOCKER_SOCKET]"
  local name="$1" stack="$2"
  socket="${3:-/var/run/docker.sock}"
  command -v jq >/dev/null || die "jq is missing; install it with: apt-get install jq"
  dir="$(cd "$(dirname "$0")/.." && pwd)/cli/src/test/resources/engine/${name}"
  rm -rf "$dir"
  mkdir -p "$dir/api" "$dir/cli"
  : >"$dir/requests.tsv"

  local namespace wordpress
  namespace="$(filters "{\"label\":[\"com.docker.stack.namespace=${stack}\"]}")"
  wordpress="${stack}_wordpress"
  [[ -n "$(docker stack services --quiet "$stack")" ]] || die "stack ${stack} has no services"

  capture /info info.json '{Name, ServerVersion, Swarm: (.Swarm | {LocalNodeState, NodeID, NodeAddr, ControlAvailable})}'
  capture /version version.json
  capture /nodes nodes.json 'map(del(.Description.TLSInfo, .Description.Engine.Plugins))'
  capture /services services.json
  capture "/services?filters=${namespace}" services-stack.json
  capture "/tasks?filters=${namespace}" tasks-stack.json
  capture "/tasks?filters=$(filters "{\"desired-state\":[\"running\"],\"service\":[\"${wordpress}\"]}")" \
    tasks-wordpress-running.json
  capture /secrets secrets.json
  capture /configs configs.json 'map(del(.Spec.Data))'
  capture "/configs?filters=${namespace}" configs-stack.json 'map(del(.Spec.Data))'
  capture "/containers/json?all=1&filters=${namespace}" containers-stack-all.json
  capture "/containers/json?filters=$(filters "{\"label\":[\"com.docker.swarm.service.name=${wordpress}\"]}")" \
    containers-wordpress.json
  capture "/networks?filters=${namespace}" networks-stack.json
  capture "/images/json?filters=$(filters '{"reference":["wpstack/wordpress"]}')" images-wordpress.json
  capture /images/wpstack/wordpress:latest/json image-wordpress-latest.json '{Id, RepoTags, RepoDigests, Size}'

  # What the docker CLI printed, right after: the time its "x seconds ago" counted from first.
  date -u +%Y-%m-%dT%H:%M:%S.%NZ >"$dir/clock.txt"
  docker stack ps --format '{{.Name}}\t{{.CurrentState}}\t{{.Error}}' "$stack" >"$dir/cli/stack-ps.txt"
  docker service ps --filter desired-state=running --format '{{.Name}} on {{.Node}}, {{.CurrentState}}' \
    "$wordpress" >"$dir/cli/service-ps-wordpress-running.txt"
  docker node ls -q >"$dir/cli/node-ls-q.txt"
  docker secret ls --format '{{.Name}}' >"$dir/cli/secret-ls.txt"
  docker config ls --filter "label=com.docker.stack.namespace=${stack}" --format '{{.Name}}' \
    >"$dir/cli/config-ls-stack.txt"
  docker service ls --format '{{.Image}}' >"$dir/cli/service-ls-image.txt"
  docker ps -aq --filter "label=com.docker.stack.namespace=${stack}" >"$dir/cli/ps-aq-stack.txt"
  docker ps --filter "label=com.docker.swarm.service.name=${wordpress}" --format '{{.ID}}' \
    >"$dir/cli/ps-wordpress.txt"
  docker image ls --format '{{.Repository}}:{{.Tag}}' wpstack/wordpress >"$dir/cli/image-ls-wordpress.txt"
  docker image ls --format '{{.Size}}' wpstack/wordpress >"$dir/cli/image-ls-size-wordpress.txt"
  docker image inspect --format '{{.Id}}' wpstack/wordpress:latest >"$dir/cli/image-inspect-id.txt"
  printf '%s\n' "$stack" >"$dir/stack.txt"
  printf 'captured %s requests and %s docker CLI outputs into %s\n' \
    "$(wc -l <"$dir/requests.tsv")" "$(find "$dir/cli" -type f | wc -l)" "$dir"
}

main "$@"
