#!/usr/bin/env bash
# bench-cli-startup.sh [RUNS]: start-up figures of ./wpstack on a warm machine (runtime and CLI built):
# the median and range of RUNS (default 9) runs of `./wpstack help`, of the launcher's own bash
# (everything before the JVM), and of `./wpstack up` when the stack is already up (a no-op up;
# skipped, and said so, when no wpstack stack is deployed). Prints one line per figure.
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.."
runs="${1:-9}"

# seconds COMMAND...: wall-clock seconds of one run, output discarded.
seconds() {
  local start end
  start="$(date +%s.%N)"
  "$@" >/dev/null 2>&1
  end="$(date +%s.%N)"
  awk -v a="${start}" -v b="${end}" 'BEGIN { printf "%.3f\n", b - a }'
}

# figure NAME COMMAND...: RUNS timings of COMMAND, as "NAME: median X s (min Y, max Z, N runs)".
figure() {
  local name="$1" i
  shift
  for ((i = 0; i < runs; i++)); do seconds "$@"; done | sort -n | awk -v name="${name}" -v n="${runs}" '
    { t[NR] = $1 } END { printf "%s: median %.2f s (min %.2f, max %.2f, %d runs)\n", name, t[int((NR + 1) / 2)], t[1], t[NR], n }'
}

./wpstack help >/dev/null 2>&1 # builds the runtime and the CLI if needed: not measured
figure "./wpstack help" ./wpstack help
figure "launcher bash only (./wpstack with java replaced by true)" \
  env WPSTACK_LAUNCHER_DRY_RUN=1 ./wpstack help
figure "java -version on the runtime" "$(find .wpstack/java -mindepth 3 -maxdepth 3 -path "*/bin/java" | head -n 1)" -version
if docker stack services --quiet "${WPSTACK_STACK:-wpstack}" 2>/dev/null | grep -q .; then
  figure "./wpstack up, stack already up (no-op)" ./wpstack up
else
  echo "./wpstack up (no-op): skipped, stack ${WPSTACK_STACK:-wpstack} is not deployed; run ./wpstack up first"
fi
