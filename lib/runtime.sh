# shellcheck shell=bash
# runtime.sh: the Java runtime and the CLI jar ./wpstack runs (the launcher's last two steps).
#
#   ensure_java_runtime   .wpstack/java/ID/: Debian 13's JDK 25, self-contained (its own glibc),
#                         extracted from wpstack/java-runtime (images/java-runtime/) once
#   ensure_cli            .wpstack/cli/ID/: cli/ built by Maven on that JDK when its sources change
#
# Both are keyed by a hash of their inputs, so the warm path reads a few files and runs no docker.

WPSTACK_JAVA_DIR="${WPSTACK_STATE_DIR}/java"
WPSTACK_CLI_DIR="${WPSTACK_STATE_DIR}/cli"

# inputs_hash PATH...: one hash of the files under PATHs (names and contents), 16 hex digits.
inputs_hash() {
  (cd "${WPSTACK_ROOT}" && find "$@" -type f -not -path '*/target/*' -print0 | LC_ALL=C sort -z |
    xargs -0 sha256sum) | sha256sum | cut -c 1-16
}

# ensure_java_runtime: sets JAVA_RUNTIME to the runtime's folder, making it when missing.
ensure_java_runtime() {
  local id dir
  id="$(inputs_hash images/java-runtime images/base/rootfs)"
  dir="${WPSTACK_JAVA_DIR}/${id}"
  JAVA_RUNTIME="${dir}"
  [[ -f "${dir}/.complete" ]] && return 0
  ensure_docker
  info "making the Java runtime the CLI runs on (once; ${dir})"
  ensure_base_image
  build_runtime_image
  rm -rf "${dir}"
  mkdir -p "${dir}"
  docker run --rm -v "${dir}:/out" wpstack/java-runtime:25 "${dir}" >&2 ||
    die "extracting the Java runtime from wpstack/java-runtime:25 to ${dir} failed (output above); remove ${dir} and rerun"
  "${dir}/bin/java" -version >/dev/null 2>&1 ||
    die "the Java runtime in ${dir} does not run on this host: $("${dir}/bin/java" -version 2>&1 | head -n 1); please report it"
  touch "${dir}/.complete"
  # Runtimes of older inputs are of no use any more.
  find "${WPSTACK_JAVA_DIR}" -mindepth 1 -maxdepth 1 -not -name "${id}" -exec rm -rf {} +
}

# build_runtime_image: wpstack/java-runtime:25 from images/java-runtime/ (from cache when unchanged).
build_runtime_image() {
  local log start=${SECONDS}
  log="$(log_file build-java-runtime)"
  info "building wpstack/java-runtime:25 from ${BASE_IMAGE} (log: ${log})"
  run_logged "${log}" docker build --force-rm --build-arg BASE_IMAGE="${BASE_IMAGE}" \
    --build-arg EXTRA_CA_CERTS="$(host_extra_ca_certs)" --tag wpstack/java-runtime:25 \
    "${WPSTACK_ROOT}/images/java-runtime" || {
    tail -n 30 "${log}" >&2
    die "building wpstack/java-runtime:25 failed after $((SECONDS - start))s (last lines above, full log: ${log}); fix the cause and rerun"
  }
}

# ensure_cli: sets CLI_CLASSPATH to the CLI's jar and libraries, building cli/ when its sources
# (or the poms) changed since the last build.
ensure_cli() {
  local id dir log
  id="$(inputs_hash pom.xml cli/pom.xml cli/src/main engine/pom.xml engine/src/main exporter/pom.xml exporter/src/main .mvn)"
  dir="${WPSTACK_CLI_DIR}/${id}"
  # shellcheck disable=SC2034 # read by ./wpstack
  CLI_CLASSPATH="${dir}/wpstack-cli.jar"
  # shellcheck disable=SC2034 # read by ./wpstack
  CLI_ARCHIVE="${dir}/cli.jsa"
  [[ -f "${dir}/.complete" ]] && return 0
  log="$(log_file build-cli)"
  info "building the CLI (cli/, Maven on ${JAVA_RUNTIME}; log: ${log})"
  if ! (cd "${WPSTACK_ROOT}" && JAVA_HOME="${JAVA_RUNTIME}" run_logged "${log}" \
    ./mvnw -B -q -pl cli -am package -DskipTests -Dspotless.check.skip=true); then
    tail -n 30 "${log}" >&2
    die "building the CLI failed (last lines above, full log: ${log}); fix the cause and rerun"
  fi
  rm -rf "${dir}"
  mkdir -p "${dir}"
  cp "${WPSTACK_ROOT}/cli/target/wpstack-cli.jar" "${dir}/"
  cp -r "${WPSTACK_ROOT}/cli/target/lib" "${dir}/"
  touch "${dir}/.complete"
  find "${WPSTACK_CLI_DIR}" -mindepth 1 -maxdepth 1 -not -name "${id}" -exec rm -rf {} +
}
