# shellcheck shell=bash
# monitoring.sh: the monitoring stack (stacks/monitoring.yml): its images, the variables and
# generated probe targets its deployment needs, and the static checks of its configs.
#
#   deploy_monitoring_stack       ./wpstack up --env production, after the wpstack stack
#                                 (check_monitoring_before_up first); print_monitoring_urls
#   remove_monitoring_stack STACK, purge_monitoring_data   ./wpstack down [--purge]
#   export_monitoring_variables   sets what stacks/monitoring.yml reads, for the environment
#                                 loaded by load_environment (lib/wordpress.sh)
#   write_probe_targets FILE      the blackbox probe targets (Prometheus file_sd) of that
#                                 environment
#   check_monitoring_configs      the static checks run by ./wpstack test (step "monitoring
#                                 configs"): promtool, amtool, blackbox, dashboards, PromQL,
#                                 Caddyfile.monitoring, docker stack config per environment
#
# Environment: WPSTACK_MONITORING_STACK, the stack name (default monitoring); another name
# gets its own secrets, prefixed "NAME_". WPSTACK_GRAFANA_IMAGE: another Grafana image.
# WPSTACK_PROMETHEUS_IMAGE (and the other images, - as _): any image reference.

readonly MONITORING_STACK_FILE="stacks/monitoring.yml"
readonly MONITORING_EMAIL_STACK_FILE="stacks/monitoring-email.yml"
readonly MONITORING_CADDYFILE="config/caddy/Caddyfile.monitoring"
# The datasource uid every dashboard panel must use (config/grafana/provisioning/datasources).
readonly GRAFANA_DATASOURCE_DIR="config/grafana/provisioning/datasources"
readonly GRAFANA_DASHBOARD_DIR="config/grafana/dashboards"

# --- deployment variables -----------------------------------------------------------

monitoring_stack_name() { printf '%s\n' "${WPSTACK_MONITORING_STACK:-monitoring}"; }

# monitoring_secret_prefix: "" for the default stack, "NAME_" otherwise.
monitoring_secret_prefix() { stack_secret_prefix "$(monitoring_stack_name)" monitoring; }

# monitoring_content_hash PATH...: 12 hex digits naming the content of the files under PATHs (relative
# to the repository), for Swarm config names.
monitoring_content_hash() {
  (cd "${WPSTACK_ROOT}" && find "$@" -type f -print0 | sort -z | xargs -0 sha256sum) |
    sha256sum | cut -c 1-12
}

# probe_target_group URL NAME MODULE [HOSTNAME] [CA]: one file_sd target group.
probe_target_group() {
  printf -- '- targets: ["%s"]\n  labels:\n    name: "%s"\n    __param_module: "%s"\n' "$1" "$2" "$3"
  [[ -z "${4:-}" ]] || printf '    __param_hostname: "%s"\n' "$4"
  [[ -z "${5:-}" ]] || printf '    ca: "%s"\n' "$5"
}

# url_authority URL: its host[:port].
url_authority() {
  local authority="${1#*://}"
  printf '%s\n' "${authority%%/*}"
}

# write_probe_targets FILE: what the blackbox exporter probes (config/blackbox/blackbox.yml
# names the modules), from the loaded environment: the public endpoints through the edge Caddy
# (by its name on the wpstack network, with the public host[:port] as Host, so WordPress does
# not redirect to its canonical URL; with TLS the bare host, since blackbox also sends the
# hostname parameter as the TLS server name and Caddy has no certificate for "host:port"), the
# guards of caddy_monitoring, and every URL of PROBE_URLS.
write_probe_targets() {
  local file="$1" kind=http suffix="" ca="" url host adminer_host
  local site="http://caddy:${HTTP_PORT}/" adminer="http://caddy:8888/"
  host="$(url_authority "$(local_site_url)")"
  adminer_host="${DOMAIN:-localhost}:${ADMINER_PORT}"
  if tls_enabled; then
    kind=https site="https://caddy:${HTTPS_PORT}/" adminer="https://caddy:8888/"
    [[ "${PROBE_INSECURE_SKIP_VERIFY:-false}" == true ]] && suffix=_insecure
    [[ "${TLS:-}" == internal ]] && ca=internal
    host="${host%:*}" adminer_host="${adminer_host%:*}"
  fi
  {
    printf '# Written by ./wpstack from stacks/env/%s.env (lib/monitoring.sh, write_probe_targets).\n' "${WPSTACK_ENV:-?}"
    probe_target_group "${site}" wordpress "${kind}_2xx${suffix}" "${host}" "${ca}"
    probe_target_group "${adminer}" adminer "${kind}_401${suffix}" "${adminer_host}" "${ca}"
    probe_target_group "${adminer}" adminer-auth "${kind}_2xx_auth${suffix}" "${adminer_host}" "${ca}"
    probe_target_group http://caddy_monitoring:9090/ prometheus-guard http_401
    probe_target_group http://caddy_monitoring:9093/ alertmanager-guard http_401
    probe_target_group http://caddy_monitoring:9115/ blackbox-guard http_401
    probe_target_group http://caddy_monitoring:9090/-/healthy prometheus-auth http_2xx_auth
    for url in ${PROBE_URLS:-}; do
      probe_target_group "${url}" "${url}" http_2xx
    done
  } >"${file}"
}

check_monitoring_settings() {
  local url
  for url in ${PROBE_URLS:-}; do
    [[ "${url}" =~ ^https?://[A-Za-z0-9._~:/?#@!\$\&\'\(\)*+,\;=%-]+$ ]] ||
      die "PROBE_URLS: \"${url}\" is not an http(s) URL; fix it in $(setting_source PROBE_URLS) (URLs separated by spaces)"
  done
  [[ "${PROBE_INSECURE_SKIP_VERIFY:-false}" =~ ^(true|false)$ ]] ||
    die "PROBE_INSECURE_SKIP_VERIFY=${PROBE_INSECURE_SKIP_VERIFY} must be true or false; fix it in $(setting_source PROBE_INSECURE_SKIP_VERIFY)"
  [[ -f "${WPSTACK_ROOT}/config/alertmanager/${ALERTMANAGER_CONFIG:-alertmanager.yml}" ]] ||
    die "ALERTMANAGER_CONFIG=${ALERTMANAGER_CONFIG} is not a file of config/alertmanager/; fix it in $(setting_source ALERTMANAGER_CONFIG)"
}

# export_monitoring_variables [DIR]: everything stacks/monitoring.yml reads besides the
# environment file's values; the probe targets are written to DIR (default .wpstack/monitoring).
export_monitoring_variables() {
  local dir="${1:-${WPSTACK_STATE_DIR}/monitoring}"
  check_monitoring_settings
  mkdir -p "${dir}"
  MONITORING_STACK="$(monitoring_stack_name)"
  MONITORING_SECRET_PREFIX="$(monitoring_secret_prefix)"
  SECRET_PREFIX="$(secret_prefix)"
  WPSTACK_NETWORK="$(stack_name)_backend"
  ALERTMANAGER_CONFIG="${ALERTMANAGER_CONFIG:-alertmanager.yml}"
  PROBE_TARGETS_FILE="${dir}/${MONITORING_STACK}-probes-${WPSTACK_ENV}.yml"
  write_probe_targets "${PROBE_TARGETS_FILE}"
  PROBE_TARGETS_HASH="$(sha256sum "${PROBE_TARGETS_FILE}" | cut -c 1-12)"
  PROMETHEUS_CONFIG_HASH="$(monitoring_content_hash config/prometheus/prometheus.yml config/prometheus/rules)"
  ALERTMANAGER_CONFIG_HASH="$(monitoring_content_hash "config/alertmanager/${ALERTMANAGER_CONFIG}")"
  BLACKBOX_CONFIG_HASH="$(monitoring_content_hash config/blackbox)"
  GRAFANA_CONFIG_HASH="$(monitoring_content_hash config/grafana)"
  CADDY_MONITORING_HASH="$(monitoring_content_hash "${MONITORING_CADDYFILE}")"
  export MONITORING_STACK MONITORING_SECRET_PREFIX SECRET_PREFIX WPSTACK_NETWORK ALERTMANAGER_CONFIG \
    PROBE_TARGETS_FILE PROBE_TARGETS_HASH PROMETHEUS_CONFIG_HASH ALERTMANAGER_CONFIG_HASH \
    BLACKBOX_CONFIG_HASH GRAFANA_CONFIG_HASH CADDY_MONITORING_HASH
}

# monitoring_stack_file_args: -c arguments for docker stack deploy / config.
monitoring_stack_file_args() {
  printf '%s\n' -c "${WPSTACK_ROOT}/${MONITORING_STACK_FILE}"
  if [[ "${ALERTMANAGER_CONFIG:-alertmanager.yml}" == alertmanager-email.yml ]]; then
    printf '%s\n' -c "${WPSTACK_ROOT}/${MONITORING_EMAIL_STACK_FILE}"
  fi
}

# --- deployment (./wpstack up --env production, down) ----------------------------------


# --- static checks (./wpstack test, step "monitoring configs") ------------------------

declare -ga MONITORING_CHECK_FAILURES=()

# monitoring_check_failed MESSAGE: record a failed check (the step fails at the end, listing them all).
monitoring_check_failed() {
  MONITORING_CHECK_FAILURES+=("$1")
  printf 'wpstack: check failed: %s\n' "$1" >&2
}

# monitoring_run_tool LOG IMAGE ENTRYPOINT ARGS...: run a tool of IMAGE with the scratch folder
# CHECK_DIR mounted read-only at /check (its working directory), output to LOG.
monitoring_run_tool() {
  local log="$1" image="$2" entrypoint="$3"
  shift 3
  docker run --rm --network none --entrypoint "${entrypoint}" -v "${CHECK_DIR}:/check:ro" -w /check \
    "${image}" "$@" >"${log}" 2>&1
}

# monitoring_show_log LOG: its last lines, indented, on stderr.
monitoring_show_log() { tail -n 15 "$1" | sed 's/^/    /' >&2; }

check_monitoring_configs() {
  local start=${SECONDS} env
  ensure_command jq
  local image
  for image in prometheus alertmanager blackbox caddy; do
    image_exists "wpstack/${image}:latest" ||
      die "image wpstack/${image}:latest is missing; run ./wpstack build"
  done
  MONITORING_CHECK_FAILURES=()
  CHECK_DIR="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: the folder of this run
  trap "rm -rf '${CHECK_DIR}'" EXIT
  cp -r "${WPSTACK_ROOT}/config/." "${CHECK_DIR}/"
  chmod -R a+rX "${CHECK_DIR}"
  check_prometheus_rules
  check_alertmanager_configs
  check_blackbox_config
  check_monitoring_caddyfile
  check_dashboards
  MONITORING_RENDER_STACK=1
  if ! stack_config_supported; then
    MONITORING_RENDER_STACK=""
    warn "this docker client ($(docker version --format '{{.Client.Version}}')) has no \`docker stack config\` (Docker CLI >= 25): the render check of ${MONITORING_STACK_FILE} is skipped"
  fi
  while read -r env; do
    check_monitoring_environment "${env}"
  done < <(environment_names)
  if ((${#MONITORING_CHECK_FAILURES[@]} > 0)); then
    die "${#MONITORING_CHECK_FAILURES[@]} monitoring config check(s) failed: $(printf '\n  - %s' "${MONITORING_CHECK_FAILURES[@]}")"
  fi
  info "monitoring configs: every check passed in $((SECONDS - start))s"
}

# check_prometheus_rules: promtool check rules on every rule file, and the rules' unit tests.
check_prometheus_rules() {
  local log file
  local -a files=()
  log="$(log_file promtool-rules)"
  for file in "${CHECK_DIR}"/prometheus/rules/*.yml; do files+=("prometheus/rules/${file##*/}"); done
  if monitoring_run_tool "${log}" wpstack/prometheus:latest promtool check rules "${files[@]}"; then
    info "promtool check rules: ${#files[@]} files"
  else
    monitoring_show_log "${log}"
    monitoring_check_failed "promtool check rules: config/prometheus/rules/ (log: ${log})"
  fi
  for file in "${CHECK_DIR}"/prometheus/tests/*.yml; do
    log="$(log_file "promtool-test-${file##*/}")"
    if monitoring_run_tool "${log}" wpstack/prometheus:latest promtool test rules "prometheus/tests/${file##*/}"; then
      info "promtool test rules: config/prometheus/tests/${file##*/}"
    else
      monitoring_show_log "${log}"
      monitoring_check_failed "promtool test rules: config/prometheus/tests/${file##*/} (log: ${log})"
    fi
  done
}

check_alertmanager_configs() {
  local file log
  for file in "${CHECK_DIR}"/alertmanager/*.yml; do
    log="$(log_file "amtool-${file##*/}")"
    if monitoring_run_tool "${log}" wpstack/alertmanager:latest amtool check-config "alertmanager/${file##*/}"; then
      info "amtool check-config: config/alertmanager/${file##*/}"
    else
      monitoring_show_log "${log}"
      monitoring_check_failed "amtool check-config: config/alertmanager/${file##*/} (log: ${log})"
    fi
  done
}

check_blackbox_config() {
  local log
  log="$(log_file blackbox-config-check)"
  if monitoring_run_tool "${log}" wpstack/blackbox:latest blackbox_exporter \
    --config.file=blackbox/blackbox.yml --config.check; then
    info "blackbox_exporter --config.check: config/blackbox/blackbox.yml"
  else
    monitoring_show_log "${log}"
    monitoring_check_failed "blackbox_exporter --config.check: config/blackbox/blackbox.yml (log: ${log})"
  fi
}

# check_monitoring_caddyfile: caddy validate, through the image's entrypoint (which turns the
# secrets into the basic-auth placeholders).
check_monitoring_caddyfile() {
  local log secrets="${CHECK_DIR}/secrets"
  log="$(log_file caddy-validate-monitoring)"
  mkdir -p "${secrets}"
  printf 'static-check\n' >"${secrets}/lb_admin_user"
  printf 'static-check-password\n' >"${secrets}/lb_admin_pass"
  chmod -R a+rX "${secrets}"
  if docker run --rm --network none -v "${secrets}:/run/secrets:ro" \
    -v "${CHECK_DIR}/caddy/Caddyfile.monitoring:/etc/caddy/Caddyfile:ro" wpstack/caddy:latest \
    caddy validate --config /etc/caddy/Caddyfile --adapter caddyfile >"${log}" 2>&1; then
    info "caddy validate: ${MONITORING_CADDYFILE}"
  else
    monitoring_show_log "${log}"
    monitoring_check_failed "caddy validate: ${MONITORING_CADDYFILE} (log: ${log})"
  fi
}

# grafana_datasource_uids: the uids of the provisioned Grafana data sources.
grafana_datasource_uids() {
  sed -n 's/^[[:space:]]*uid:[[:space:]]*["'\'']\{0,1\}\([^"'\''[:space:]#]*\).*/\1/p' \
    "${WPSTACK_ROOT}/${GRAFANA_DATASOURCE_DIR}"/*.yml | sort -u
}

# Every place a dashboard names a data source (panels, their targets, template variables,
# panels inside rows) must use the object form {type, uid} with a provisioned uid.
# shellcheck disable=SC2016 # jq program, not shell
readonly JQ_DATASOURCE_PROBLEMS='
  [.. | objects | select(has("datasource")) | .datasource] as $refs
  | $refs[] | if type == "object" and (.uid | type) == "string" then
      (if (.uid | IN($uids[])) then empty else "datasource uid \"\(.uid)\" is not provisioned" end)
    else "datasource \(tojson) is not an object with a uid" end'

# Every PromQL expression of a dashboard, Grafana's variables replaced (so promtool can parse
# it) and the label_values(...) / query_result(...) of template variables unwrapped.
# shellcheck disable=SC2016 # jq program, not shell
readonly JQ_EXPRESSIONS='
  ([.. | objects | select(has("expr")) | .expr | strings]
   + [.templating.list[]? | select(.type == "query") | (.query | if type == "object" then .query else . end)
      | strings | capture("^(label_values|query_result)\\((?<e>.*?)(,\\s*\\w+)?\\)$").e])
  | .[] | select(length > 0)
  | gsub("\\$__rate_interval|\\$\\{__rate_interval\\}"; "5m")
  | gsub("\\$__interval|\\$\\{__interval\\}"; "1m")
  | gsub("\\$__range|\\$\\{__range\\}"; "1h")
  | gsub("\\$\\{[A-Za-z0-9_]+(:[a-z]+)?\\}|\\$[A-Za-z_][A-Za-z0-9_]*|\\[\\[[A-Za-z0-9_]+\\]\\]"; ".*")'

check_dashboards() {
  local file name uids problems rules log count record expr
  uids="$(grafana_datasource_uids | jq -R . | jq -s -c .)"
  [[ "${uids}" != "[]" ]] || monitoring_check_failed "no datasource uid in ${GRAFANA_DATASOURCE_DIR}/*.yml"
  mkdir -p "${CHECK_DIR}/dashboard-rules"
  for file in "${WPSTACK_ROOT}/${GRAFANA_DASHBOARD_DIR}"/*.json; do
    name="${GRAFANA_DASHBOARD_DIR}/${file##*/}"
    if ! jq -e 'type == "object" and (.uid | type) == "string" and (.panels | type) == "array"' \
      "${file}" >/dev/null 2>&1; then
      monitoring_check_failed "${name}: not valid JSON, or not a dashboard (uid, panels): $(jq . "${file}" 2>&1 >/dev/null | head -n 1)"
      continue
    fi
    problems="$(jq -r --argjson uids "${uids}" "${JQ_DATASOURCE_PROBLEMS}" "${file}" | sort | uniq -c |
      sed 's/^ *\([0-9]*\) /\1x /' | paste -sd ';' -)"
    [[ -z "${problems}" ]] || monitoring_check_failed "${name}: ${problems}"
    # The expressions become recording rules, which promtool check rules parses.
    rules="${CHECK_DIR}/dashboard-rules/${file##*/}.rules.yml"
    jq -r "${JQ_EXPRESSIONS}"' | @json' "${file}" |
      awk 'BEGIN { print "groups:\n  - name: dashboard\n    rules:" }
           { printf "      - record: dashboard_expression_%d\n        expr: %s\n", NR, $0 }' >"${rules}"
    count="$(grep -c 'record:' "${rules}" || true)"
    if ((count == 0)); then
      monitoring_check_failed "${name}: no PromQL expression found"
      continue
    fi
    chmod a+r "${rules}"
    log="$(log_file "promql-${file##*/}")"
    if monitoring_run_tool "${log}" wpstack/prometheus:latest promtool check rules "dashboard-rules/${rules##*/}"; then
      [[ -n "${problems}" ]] || info "${name}: JSON, datasource uids, ${count} PromQL expressions parse"
    else
      monitoring_show_log "${log}"
      record="$(grep -o -m 1 'dashboard_expression_[0-9]*' "${log}" || true)"
      expr="$(grep -A 1 "record: ${record:-none}\$" "${rules}" | sed -n 's/^ *expr: //p')"
      monitoring_check_failed "${name}: PromQL that does not parse: ${expr:-see the log} (log: ${log})"
    fi
  done
}

# check_monitoring_environment ENV: the probe targets of ENV, prometheus.yml with them
# (promtool check config), and docker stack config of the stack for ENV.
check_monitoring_environment() {
  local env="$1" log promtool_log
  log="$(log_file "monitoring-${env}")"
  promtool_log="$(log_file "promtool-config-${env}")"
  : >"${promtool_log}"
  if ! (
    local rendered
    local -a files
    load_environment "${env}"
    check_settings
    export_monitoring_variables "${CHECK_DIR}/targets-${env}"
    mkdir -p "${CHECK_DIR}/prometheus/targets"
    cp "${PROBE_TARGETS_FILE}" "${CHECK_DIR}/prometheus/targets/probes.yml"
    chmod -R a+rX "${CHECK_DIR}/prometheus/targets"
    ! tls_enabled || ! grep -q '__param_hostname: "[^"]*:' "${PROBE_TARGETS_FILE}" ||
      die "probe targets of ${env}: a TLS probe's hostname has a port, which blackbox would send as the TLS server name"
    monitoring_run_tool "${promtool_log}" wpstack/prometheus:latest promtool check config prometheus/prometheus.yml ||
      die "promtool check config: config/prometheus/prometheus.yml with the probe targets of ${env} (log: ${promtool_log})"
    [[ -n "${MONITORING_RENDER_STACK}" ]] || exit 0
    mapfile -t files < <(monitoring_stack_file_args)
    rendered="$(docker stack config "${files[@]}")" ||
      die "docker stack config: ${MONITORING_STACK_FILE} does not render for ${env}"
    grep -q "published: \"*${GRAFANA_PORT:-3000}\"*\$" <<<"${rendered}" ||
      die "docker stack config: ${MONITORING_STACK_FILE} for ${env} does not publish GRAFANA_PORT=${GRAFANA_PORT:-3000}"
  ) >"${log}" 2>&1; then
    monitoring_show_log "${promtool_log}"
    monitoring_show_log "${log}"
    monitoring_check_failed "environment ${env}: $(grep -h '^wpstack: error:' "${log}" | tail -n 1 | sed 's/^wpstack: error: //') (all output: ${log})"
    return 0
  fi
  info "environment ${env}: probe targets, promtool check config${MONITORING_RENDER_STACK:+, docker stack config}"
}
