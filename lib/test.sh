# shellcheck shell=bash
# test.sh: `./wpstack test`, every test of the repository in one command.
#
# Steps, in order: preflight, Docker engine, swarm, static checks (shellcheck),
# base image, images (the exporter's unit tests run inside its build), Java
# suites (`./mvnw -B verify`: unit + integration tests against the real
# dockerd and in Debian's headless chromium; on the host when it has a JDK 25,
# else in wpstack/jdk:25, which has the browser packages).
# A step whose prerequisite failed is skipped. A summary ends the run; the exit
# status is 1 when any step failed or was skipped.

declare -ga TEST_STEPS=()
declare -gA TEST_STATUS=()
declare -gA TEST_SECONDS=()

register_help test "[--java-in-container]" "run every test (static checks, image builds, Java unit + integration tests)"
cmd_test() {
  local java_in_container=""
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --java-in-container) java_in_container=1 ;;
      *) usage_error test "unknown argument \"$1\"" ;;
    esac
    shift
  done
  local start=${SECONDS} version
  version="$(wpstack_version)"
  run_step "preflight" "" preflight
  run_step "docker engine" "preflight" test_docker
  run_step "swarm" "docker engine" test_swarm
  run_step "static checks" "preflight" run_static_checks
  run_step "base image" "docker engine" test_base_image
  load_test_base_image
  run_step "images" "base image" build_images "${version}"
  run_step "java runtime" "base image" check_java_runtime
  run_step "stack configs" "images" check_stack_configs
  run_step "monitoring configs" "images" check_monitoring_configs
  if [[ -z "${java_in_container}" ]] && find_jdk25 >/dev/null; then
    run_step "java suites" "swarm" run_java_suites_on_host
  else
    run_step "java suites" "swarm,base image" run_java_suites_in_container
  fi
  print_test_summary "$((SECONDS - start))"
}

# run_step NAME "PREREQUISITE,..." COMMAND [ARGS...]: run COMMAND in a
# subshell (so a `die` fails the step, not the run) unless a prerequisite step
# did not pass.
run_step() {
  local name="$1" prerequisite start=${SECONDS} rc=0
  local -a requires=()
  IFS=, read -r -a requires <<<"$2"
  shift 2
  TEST_STEPS+=("${name}")
  for prerequisite in "${requires[@]}"; do
    [[ "${TEST_STATUS[${prerequisite}]:-}" == PASS ]] && continue
    TEST_STATUS["${name}"]="SKIP (needs ${prerequisite})"
    TEST_SECONDS["${name}"]=0
    warn "skipping \"${name}\": \"${prerequisite}\" did not pass"
    return 0
  done
  printf '\n' >&2
  info "[${name}]"
  set +e
  (
    set -e
    "$@"
  )
  rc=$?
  set -e
  TEST_SECONDS["${name}"]=$((SECONDS - start))
  if ((rc == 0)); then
    TEST_STATUS["${name}"]=PASS
  else
    TEST_STATUS["${name}"]="FAIL (exit ${rc})"
  fi
}

print_test_summary() {
  local total="$1" step status failed=0
  printf '\n==> test summary (%ss)\n' "${total}" >&2
  for step in "${TEST_STEPS[@]}"; do
    status="${TEST_STATUS[${step}]}"
    printf '  %-20s %-28s %5ss\n' "${step}" "${status}" "${TEST_SECONDS[${step}]}" >&2
    [[ "${status}" == PASS ]] || failed=$((failed + 1))
  done
  if ((failed > 0)); then
    printf 'wpstack test: %d of %d steps did not pass; the logs are in %s\n' \
      "${failed}" "${#TEST_STEPS[@]}" "${WPSTACK_LOG_DIR}" >&2
    exit 1
  fi
  printf 'wpstack test: all %d steps passed\n' "${#TEST_STEPS[@]}" >&2
}

preflight() {
  [[ "$(uname -s)" == Linux ]] || die "wpstack needs Linux (found $(uname -s))"
  ((BASH_VERSINFO[0] > 4 || (BASH_VERSINFO[0] == 4 && BASH_VERSINFO[1] >= 4))) ||
    die "wpstack needs bash >= 4.4 (found ${BASH_VERSION}); upgrade bash"
  local cmd
  for cmd in awk sed tar timeout setsid find; do
    command -v "${cmd}" >/dev/null || die "\"${cmd}\" is missing; install it (coreutils, util-linux, findutils, gawk/mawk)"
  done
  [[ -f "${WPSTACK_ROOT}/pom.xml" && -x "${WPSTACK_ROOT}/mvnw" ]] ||
    die "${WPSTACK_ROOT} has no pom.xml or executable mvnw; run wpstack from a complete clone"
  [[ -f /etc/debian_version ]] ||
    warn "not a Debian-based system: wpstack installs what it misses with apt-get; install docker and shellcheck yourself"
  is_root || warn "not running as root: wpstack cannot install packages or start dockerd"
  local avail_kb
  avail_kb="$(df -Pk "${WPSTACK_ROOT}" | awk 'NR == 2 { print $4 }')"
  ((avail_kb > 5 * 1024 * 1024)) || warn "less than 5 GB free on $(df -P "${WPSTACK_ROOT}" | awk 'NR == 2 { print $6 }'); the image builds may run out of space"
  info "$(. /etc/os-release 2>/dev/null && printf '%s' "${PRETTY_NAME:-Linux}"), bash ${BASH_VERSION}, $(nproc) cores, user $(id -un)"
}

test_docker() {
  ensure_docker
  info "Docker engine $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"
}

test_swarm() {
  ensure_swarm
  info "swarm active; this node ($(docker info --format '{{.Swarm.NodeAddr}}')) is a manager"
}

# --- the Java runtime ---

# check_java_runtime: the runtime ./wpstack runs its CLI on (lib/runtime.sh) starts on this host and
# in a Debian 13 container (the base image), and makes TLS connections with its own CA store.
check_java_runtime() {
  ensure_java_runtime
  local java="${JAVA_RUNTIME}/bin/java" host container
  host="$("${java}" -version 2>&1 | head -n 1)" || die "the Java runtime ${JAVA_RUNTIME} does not start on this host: ${host}"
  info "on this host ($(. /etc/os-release && printf '%s' "${PRETTY_NAME}"), $(ldd --version | head -n 1)): ${host}"
  container="$(docker run --rm -v "${JAVA_RUNTIME}:${JAVA_RUNTIME}:ro" "${BASE_IMAGE}" \
    sh -c '. /etc/os-release; echo "$PRETTY_NAME: $("$0" -version 2>&1 | head -n 1)"' "${java}")" ||
    die "the Java runtime ${JAVA_RUNTIME} does not start in ${BASE_IMAGE}: ${container}"
  info "in ${BASE_IMAGE} (${container})"
}

# --- static checks ---

run_static_checks() {
  ensure_command shellcheck
  local -a files
  mapfile -t files < <(shell_files)
  info "shellcheck $(shellcheck --version | awk '/^version:/ { print $2 }') on ${#files[@]} files: ${files[*]}"
  shellcheck -x "${files[@]}" || die "shellcheck found problems (above); fix them"
}

# check_stack_configs: the wpstack stack renders for every environment and its Caddyfile
# validates in every TLS variant (the monitoring stack has its own step).
check_stack_configs() {
  local env
  check_stack_variables
  if ! stack_config_supported; then
    warn "this docker client ($(docker version --format '{{.Client.Version}}')) has no \`docker stack config\` (Docker CLI >= 25): the stack render check is skipped"
    validate_caddyfile
    return 0
  fi
  while read -r env; do
    render_wordpress_stack "${env}" >/dev/null || die "stacks/wordpress.yml does not render for --env ${env} (above)"
    info "stacks/wordpress.yml renders for --env ${env}"
  done < <(environment_names)
  validate_caddyfile
}

# shell_files: the repository's shell scripts (wpstack, .ci/run, every *.sh).
shell_files() {
  local file
  for file in wpstack lib/wpstack-bash .ci/run; do
    [[ -f "${WPSTACK_ROOT}/${file}" ]] && printf '%s\n' "${file}"
  done
  (cd "${WPSTACK_ROOT}" && find . \( -name .git -o -name .wpstack -o -name target -o -name node_modules \) -prune \
    -o -type f -name '*.sh' -print | sed 's|^\./||' | sort)
}

# --- base image (passed from its subshell step to the later steps) ---

test_base_image() {
  ensure_base_image
  printf '%s\n' "${BASE_IMAGE}" >"${WPSTACK_STATE_DIR}/test-base-image"
}

load_test_base_image() {
  local file="${WPSTACK_STATE_DIR}/test-base-image"
  [[ "${TEST_STATUS[base image]:-}" == PASS && -s "${file}" ]] || return 0
  BASE_IMAGE="$(<"${file}")"
  export BASE_IMAGE
}

# --- Java suites ---

# find_jdk25: JAVA_HOME if it is a JDK 25, else /usr/lib/jvm/*25*.
find_jdk25() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
    [[ -n "${candidate}" && -x "${candidate}/bin/javac" ]] || continue
    "${candidate}/bin/java" -version 2>&1 | head -n 1 | grep -Eq 'version "25(\.|")' || continue
    printf '%s\n' "${candidate}"
    return 0
  done
  return 1
}

# ensure_browser: Debian's chromium, its chromedriver (of the same version) and
# NSS's certutil, which the e2e suite's Browser drives; nothing is downloaded
# besides these packages.
ensure_browser() {
  ensure_command chromium
  ensure_command chromedriver chromium-driver
  ensure_command certutil libnss3-tools
  local browser driver
  browser="$(browser_version chromium)"
  driver="$(browser_version chromedriver)"
  if [[ "${browser}" != "${driver}" ]]; then
    apt_install chromium chromium-driver
    browser="$(browser_version chromium)"
    driver="$(browser_version chromedriver)"
  fi
  [[ "${browser}" == "${driver}" ]] ||
    die "chromium ${browser} and chromedriver ${driver} differ; install one version of both (apt-get install chromium chromium-driver)"
  info "chromium and chromedriver ${browser}"
}

# browser_version PROGRAM: the version that `PROGRAM --version` prints
# ("Chromium 156.0.8078.114 built on ...", "ChromeDriver 156.0.8078.114 (...)").
browser_version() {
  "$1" --version 2>/dev/null | awk '{ print $2; exit }'
}

run_java_suites_on_host() {
  local java_home log
  ensure_browser
  java_home="$(find_jdk25)"
  log="$(log_file java-verify)"
  info "./mvnw -B verify on the host, JAVA_HOME=${java_home} (log: ${log})"
  (cd "${WPSTACK_ROOT}" && JAVA_HOME="${java_home}" ./mvnw -B verify) 2>&1 | tee "${log}" ||
    die "./mvnw -B verify failed (output above, log: ${log}); the Surefire/Failsafe reports are in */target/*-reports"
}

run_java_suites_in_container() {
  local log
  log="$(log_file java-verify)"
  ensure_jdk_image
  info "./mvnw -B verify in wpstack/jdk:25 against the host's dockerd (log: ${log})"
  docker run --rm --name "wpstack-verify-$$" \
    -v /var/run/docker.sock:/var/run/docker.sock --network host --pid host \
    -v "${WPSTACK_ROOT}:${WPSTACK_ROOT}" -w "${WPSTACK_ROOT}" -v wpstack-m2:/root/.m2 \
    wpstack/jdk:25 ./mvnw -B verify 2>&1 | tee "${log}" ||
    die "./mvnw -B verify in wpstack/jdk:25 failed (output above, log: ${log}); the Surefire/Failsafe reports are in */target/*-reports"
}

# ensure_jdk_image: the builder image wpstack/jdk:25 (cached by docker build).
ensure_jdk_image() {
  [[ -n "${BASE_IMAGE:-}" ]] || ensure_base_image
  build_image jdk 25
}
