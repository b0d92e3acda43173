# shellcheck shell=bash
# core.sh: messages, long work with progress, package installation.
# Sourced by ./wpstack; every other lib file may use these.

# Folder for logs and scratch state (gitignored).
WPSTACK_STATE_DIR="${WPSTACK_ROOT}/.wpstack"
WPSTACK_LOG_DIR="${WPSTACK_STATE_DIR}/logs"

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
  # tail --pid returns when CMD exits; timeout ends it (status 124) every 30 s for a progress line.
  while ! timeout 30 tail --pid="${pid}" -f /dev/null; do
    info "  ... $((SECONDS - start))s$(last_step "${log}")"
  done
  wait "${pid}"
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
