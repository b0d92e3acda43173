# shellcheck shell=bash
# core.sh: messages, help registry, usage errors, package installation.
# Sourced by ./wpstack; every other lib file may use these.

# Folder for logs and scratch state (gitignored).
WPSTACK_STATE_DIR="${WPSTACK_ROOT}/.wpstack"
WPSTACK_LOG_DIR="${WPSTACK_STATE_DIR}/logs"

# wpstack's own variables: what a user may set besides the settings' WPSTACK_NAME overrides
# (stacks/env/base.env) and WPSTACK_NAME_IMAGE. Any other WPSTACK_* variable is a typo that up
# names (check_wpstack_variables, lib/wordpress.sh); ./wpstack help settings lists these.
# shellcheck disable=SC2034 # read by lib/wordpress.sh
declare -grA WPSTACK_VARIABLES=(
  [WPSTACK_STACK]="stack name (default wpstack); another name gets its own secrets, volumes and credentials file"
  [WPSTACK_CREDENTIALS]="credentials file (default ~/.config/wpstack/credentials, or credentials-NAME for another stack)"
  [WPSTACK_SITE_URL]="the site's URL, fixed (instead of DOMAIN's or the swarm's addresses)"
  [WPSTACK_REGISTRY]="deploy REGISTRY/wpstack/NAME:VERSION instead of local images (or up --registry)"
  [WPSTACK_VERSION]="the image version deployed from the registry (or up --version; default: the root pom's revision)"
  [WPSTACK_MONITORING_STACK]="the monitoring stack's name (default monitoring)"
  [WPSTACK_REGISTRY_STACK]="the registry stack's name (default registry)"
  [WPSTACK_GRAFANA_IMAGE]="the Grafana image (default: the one stacks/monitoring.yml pins)"
  [WPSTACK_ADVERTISE_ADDR]="swarm advertise address (default: the default route's interface address)"
  [WPSTACK_DOCKERD_OPTS]="extra flags for a dockerd that wpstack starts"
  [WPSTACK_EXTRA_CA_CERTS]="PEM file of CAs the image builds must trust (e.g. a TLS-inspecting proxy)"
  [WPSTACK_DEBIAN_MIRROR]="debootstrap's Debian mirror"
  [WPSTACK_PULL_TIMEOUT]="seconds to try pulling an image that may not be reachable (20)"
  [WPSTACK_ROOT]="set by ./wpstack itself: the repository"
  [WPSTACK_APT_UPDATED]="set by ./wpstack itself: apt-get update ran in this run"
  [WPSTACK_JAVA]="set by ./wpstack itself: the Java runtime it runs its CLI on"
  [WPSTACK_LAUNCHER_DRY_RUN]="set by scripts/bench-cli-startup.sh: the launcher stops before the JVM"
)

# --- messages (all on stderr, so stdout stays for data a command prints) ---

info() { printf '==> %s\n' "$*" >&2; }
warn() { printf 'wpstack: warning: %s\n' "$*" >&2; }

# die MESSAGE...: print what failed and what to do, exit 1.
die() {
  printf 'wpstack: error: %s\n' "$*" >&2
  exit 1
}

# run_logged LOG CMD...: runs CMD with its output in LOG and returns its status. Long work is
# never silent: every 30 s it prints how long CMD has run and the last step its log shows.
run_logged() {
  local log="$1" start=${SECONDS} pid
  shift
  "$@" >"${log}" 2>&1 &
  pid=$!
  while ! exits_within "${pid}" 30; do
    info "  ... $((SECONDS - start))s$(last_step "${log}")"
  done
  wait "${pid}"
}

# exits_within PID SECONDS: true once PID has exited, false if it still runs after SECONDS.
exits_within() {
  local pid="$1" seconds="$2" i
  for ((i = 0; i < seconds * 4; i++)); do
    kill -0 "${pid}" 2>/dev/null || return 0
    sleep 0.25
  done
  return 1
}

# last_step LOG: ", at: STEP" for the last docker build step (classic "Step N/M : ..." or
# BuildKit "#N [stage n/m] ...") or debootstrap stage in LOG, or nothing.
last_step() {
  local steps
  steps="$(grep -E '^(Step [0-9]+/[0-9]+ : |#[0-9]+ \[|I: )' "$1" 2>/dev/null || true)"
  [[ -z "${steps}" ]] || printf ', at: %s' "$(tail -n 1 <<<"${steps}" | cut -c 1-100)"
}

# --- environment ---

is_root() { [[ "${EUID}" -eq 0 ]]; }

# apt_install PACKAGE...: install Debian packages (root only); runs
# `apt-get update` once per wpstack run.
WPSTACK_APT_UPDATED="${WPSTACK_APT_UPDATED:-}"
apt_install() {
  is_root || die "need packages $* but not running as root; install them (apt-get install $*) or rerun as root"
  command -v apt-get >/dev/null || die "need packages $* and apt-get is missing; install them with your package manager"
  mkdir -p "${WPSTACK_LOG_DIR}"
  local log="${WPSTACK_LOG_DIR}/apt.log"
  if [[ -z "${WPSTACK_APT_UPDATED}" ]]; then
    info "apt-get update (log: ${log})"
    apt-get update >>"${log}" 2>&1 || apt_failed "${log}" "apt-get update"
    WPSTACK_APT_UPDATED=1
    export WPSTACK_APT_UPDATED
  fi
  info "installing $* (log: ${log})"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" >>"${log}" 2>&1 ||
    apt_failed "${log}" "apt-get install $*"
}

apt_failed() {
  tail -n 20 "$1" >&2
  die "$2 failed (full log: $1); check network access to the Debian mirror and /etc/apt/sources.list*"
}

# ensure_command COMMAND [PACKAGE]: install PACKAGE (default: COMMAND) when
# COMMAND is not on the PATH.
ensure_command() {
  command -v "$1" >/dev/null && return 0
  apt_install "${2:-$1}"
  command -v "$1" >/dev/null || die "installed ${2:-$1} but \"$1\" is still not on the PATH"
}

# log_file NAME: path of a log file under .wpstack/logs (folder created).
log_file() {
  mkdir -p "${WPSTACK_LOG_DIR}"
  printf '%s/%s.log\n' "${WPSTACK_LOG_DIR}" "$1"
}
