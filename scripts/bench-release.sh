#!/usr/bin/env bash
# Benchmarks releases under a steady load through Caddy (issue 11): runs the e2e suite's ReleaseIT
# RUNS times (its own stack e2erel on ports 18880/18888) and prints, per run, the figures it measures:
#   - the roll of WordPress (2 replicas), cron and Adminer to a new tag: how long up took, requests
#     served and failed, p50/p99/max latency, for the home page (3 streams) and Adminer (1 stream);
#   - ./wpstack rollback wordpress: the same;
#   - a WordPress image that exits at start: the time from up's start to Swarm's rollback and up's
#     exit, and the site's figures meanwhile;
#   - the roll of MariaDB (a restart), of Caddy (new connections held while it restarts: failures,
#     their window, the wait), and of WordPress from an older release over its older database (home
#     page and an administrator's wp-admin).
# The figures are the ones the test prints; nothing is computed here but the table.
#
# Usage: scripts/bench-release.sh [--runs N]
# Needs: a swarm on this engine, the images (./wpstack build), JDK 25 (JAVA_HOME).
set -euo pipefail

RUNS=1
die() {
  printf 'bench-release: error: %s\n' "$*" >&2
  exit 1
}
while (($#)); do
  case "$1" in
  --runs) RUNS="${2:?--runs needs a count}"; shift 2 ;;
  *) die "unknown argument \"$1\"; usage: scripts/bench-release.sh [--runs N]" ;;
  esac
done
[[ "${RUNS}" =~ ^[1-9][0-9]*$ ]] || die "--runs needs a whole number >= 1, got \"${RUNS}\""

cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
log="$(mktemp)"
trap 'rm -f "${log}"' EXIT
printf '| run | change | took | served, failed, p50 / p99 / max |\n|---|---|---|---|\n'
for ((run = 1; run <= RUNS; run++)); do
  printf '... run %d of %d: ReleaseIT (about 10 minutes)\n' "${run}" "${RUNS}" >&2
  ./mvnw -B -o -pl e2e -am verify -Dit.test=ReleaseIT -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
    -Dfailsafe.failIfNoSpecifiedTests=false >"${log}" 2>&1 || die "ReleaseIT failed (run ${run}): see e2e/target/failsafe-reports"
  grep -E '^(roll of|\./wpstack rollback|a WordPress image that exits)' "${log}" | sort -u | sed -E \
    -e 's/^([^:]+): (up took |up ended \(rolled back\) after )?([0-9]+ s); (.*)$/| '"${run}"' | \1 | \3 | \4 |/'
done
