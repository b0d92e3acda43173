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

build_image_prometheus() { build_image prometheus "$1"; }
build_image_alertmanager() { build_image alertmanager "$1"; }
# Context images/: these COPY the scripts the images share from images/common/.
build_image_blackbox() { build_image blackbox "$1" images; }
build_image_mysqld_exporter() { build_image mysqld-exporter "$1" images; }
build_image_grafana_users() { build_image grafana-users "$1" images; }

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

# alert_webhook_url: the URL for the secret alert_webhook_url: ALERT_WEBHOOK_URL, or, when
# none is set, an address that refuses connections and says why in Alertmanager's log.
alert_webhook_url() {
  printf '%s\n' "${ALERT_WEBHOOK_URL:-http://127.0.0.1:9/no-webhook-configured-set-ALERT_WEBHOOK_URL}"
}

# --- deployment (./wpstack up --env production, down) ----------------------------------

# The images of the stack besides Grafana (pulled) and caddy_monitoring (the wpstack stack's).
readonly MONITORING_IMAGES=(prometheus alertmanager blackbox mysqld-exporter docker-exporter grafana-users)
readonly MONITORING_SECRETS=(alert_webhook_url grafana_viewer_pass)
readonly MONITORING_VOLUMES=(prometheus_data alertmanager_data grafana_data caddy_monitoring_data)
readonly MONITORING_PORTS=(GRAFANA_PORT PROMETHEUS_PORT ALERTMANAGER_PORT BLACKBOX_PORT)

check_monitoring_stack_name() {
  local stack
  stack="$(monitoring_stack_name)"
  check_stack_name_value WPSTACK_MONITORING_STACK "${stack}"
  [[ "${stack}" != "$(stack_name)" ]] ||
    die "the monitoring stack and the WordPress stack are both named ${stack}; set WPSTACK_MONITORING_STACK to another name"
}

# check_monitoring_ports_free: caddy_monitoring's ports are numbers, none of them the edge
# Caddy's, each free or already caddy_monitoring's (a redeploy).
check_monitoring_ports_free() {
  local name port own
  own="$(monitoring_stack_name)_caddy_monitoring"
  for name in "${MONITORING_PORTS[@]}"; do
    check_port "${name}"
    port="${!name}"
    if published_ports | grep -qx "${port}"; then
      die "${name}=${port} is also a port of the WordPress stack; choose another (WPSTACK_${name})"
    fi
    check_port_free "${port}" "${own}" "WPSTACK_${name}"
  done
}

# check_monitoring_secrets_known: grafana_viewer_pass made outside wpstack has no value on file: stop.
check_monitoring_secrets_known() {
  local secret
  secret="$(monitoring_secret_prefix)grafana_viewer_pass"
  if secret_exists "${secret}" && [[ -z "${WORDPRESS_CREDENTIAL_VALUES[grafana_viewer_pass]:-}" ]]; then
    die "the Docker secret ${secret} exists but its value is not in $(credentials_path); add the line grafana_viewer_pass=VALUE there, or remove the secret (docker secret rm ${secret}) to have a new one generated"
  fi
}

# check_monitoring_before_up: what can stop the monitoring deployment, checked before anything
# is deployed (cmd_up, production).
check_monitoring_before_up() {
  check_monitoring_stack_name
  check_monitoring_settings
  check_monitoring_ports_free
  check_monitoring_secrets_known
}

# create_secret NAME VALUE LABEL...: a Docker secret of this monitoring stack.
create_monitoring_secret() {
  local name="$1" value="$2"
  shift 2
  printf '%s' "${value}" |
    docker secret create --label "io.wpstack.stack=$(monitoring_stack_name)" "$@" "${name}" - >/dev/null ||
    die "creating the Docker secret ${name} failed; check docker info and rerun"
  info "created secret ${name}"
}

ensure_grafana_viewer_secret() {
  local secret
  secret="$(monitoring_secret_prefix)grafana_viewer_pass"
  secret_exists "${secret}" ||
    create_monitoring_secret "${secret}" "${WORDPRESS_CREDENTIAL_VALUES[grafana_viewer_pass]}"
}

# ensure_webhook_secret: the secret alert_webhook_url holds alert_webhook_url (its hash as a
# label). A secret cannot change in place: a changed URL replaces it, taking it from
# Alertmanager first (the deploy gives the new one back).
ensure_webhook_secret() {
  local secret hash current service
  secret="$(monitoring_secret_prefix)alert_webhook_url"
  hash="$(alert_webhook_url | sha256sum | cut -c 1-12)"
  if secret_exists "${secret}"; then
    current="$(docker secret inspect --format '{{index .Spec.Labels "io.wpstack.content"}}' "${secret}")"
    [[ "${current}" == "${hash}" ]] && return 0
    service="$(monitoring_stack_name)_alertmanager"
    if docker service inspect "${service}" >/dev/null 2>&1; then
      docker service update --detach --secret-rm "${secret}" "${service}" >/dev/null ||
        die "taking the secret ${secret} from ${service} failed; see docker service ps ${service}"
    fi
    docker secret rm "${secret}" >/dev/null || die "removing the secret ${secret} (to change the webhook URL) failed"
    info "the alert webhook URL changed: replacing the secret ${secret}"
  fi
  create_monitoring_secret "${secret}" "$(alert_webhook_url)" --label "io.wpstack.content=${hash}"
  [[ -n "${ALERT_WEBHOOK_URL:-}" ]] ||
    warn "no ALERT_WEBHOOK_URL: alerts go nowhere (set it in stacks/env/${WPSTACK_ENV}.env, or WPSTACK_ALERT_WEBHOOK_URL for one run, and rerun ./wpstack up --env ${WPSTACK_ENV})"
}

# grafana_pinned_image: the Grafana image stacks/monitoring.yml pins (its GRAFANA_IMAGE default).
grafana_pinned_image() {
  local default
  default="$(grep -o -m 1 'GRAFANA_IMAGE:-[^}]*' "${WPSTACK_ROOT}/${MONITORING_STACK_FILE}")"
  printf '%s\n' "${default#GRAFANA_IMAGE:-}"
}

# export_monitoring_images: NAME_IMAGE for every image of the stack (content-tagged, as the
# wpstack stack's), and Grafana's: when this engine neither has it nor can pull it, Grafana and
# its viewer job are scaled to 0 (GRAFANA_REPLICAS), rather than left never converging.
export_monitoring_images() {
  local name var
  for name in "${MONITORING_IMAGES[@]}"; do
    var="${name^^}_IMAGE"
    export "${var//-/_}=$(image_ref "${name}")"
  done
  GRAFANA_IMAGE="${WPSTACK_GRAFANA_IMAGE:-$(grafana_pinned_image)}"
  GRAFANA_REPLICAS=1
  if ! image_exists "${GRAFANA_IMAGE}" && ! pull_image "${GRAFANA_IMAGE}"; then
    GRAFANA_REPLICAS=0
    warn "Grafana is NOT running: its image ${GRAFANA_IMAGE} is not on this engine and cannot be pulled (log: $(log_file pull)); the rest of the monitoring stack runs, Grafana and its viewer job are scaled to 0. Load the image (docker save ${GRAFANA_IMAGE} | docker load on this node, or WPSTACK_GRAFANA_IMAGE=another) and rerun ./wpstack up --env ${WPSTACK_ENV}"
  fi
  export GRAFANA_IMAGE GRAFANA_REPLICAS
}

deploy_monitoring_stack_files() {
  local -a files
  mapfile -t files < <(monitoring_stack_file_args)
  info "deploying stack $(monitoring_stack_name) (${WPSTACK_ENV}), watching stack $(stack_name)"
  deploy_stack_files "$(monitoring_stack_name)" "./wpstack up --env ${WPSTACK_ENV}" "${files[@]}"
}

# remove_old_monitoring_configs: configs of the stack no service uses any more (Docker refuses
# to remove the others).
remove_old_monitoring_configs() {
  local config
  while read -r config; do
    docker config rm "${config}" >/dev/null 2>&1 || true
  done < <(docker config ls --filter "label=com.docker.stack.namespace=$(monitoring_stack_name)" --format '{{.Name}}')
}

# deploy_monitoring_stack: the monitoring stack, after the wpstack stack (cmd_up, production).
deploy_monitoring_stack() {
  local start=${SECONDS}
  build_local_images "${MONITORING_IMAGES[@]}"
  ensure_grafana_viewer_secret
  ensure_webhook_secret
  export_monitoring_variables
  export_monitoring_images
  deploy_monitoring_stack_files
  wait_for_stack "$(monitoring_stack_name)"
  remove_old_monitoring_configs
  remove_unused_image_tags "${MONITORING_IMAGES[@]}"
  info "stack $(monitoring_stack_name) is up after $((SECONDS - start))s"
}

print_monitoring_urls() {
  local user="${WORDPRESS_CREDENTIAL_VALUES[lb_admin_user]}"
  if [[ "${GRAFANA_REPLICAS:-1}" == 0 ]]; then
    printf 'Grafana:      not running (no image %s here; see the warning above)\n' "${GRAFANA_IMAGE}"
  else
    printf 'Grafana:      http://localhost:%s/  (admin %s; read-only %s)\n' "${GRAFANA_PORT}" "${user}" \
      "${GRAFANA_VIEWER_USER:-support}"
  fi
  printf 'Prometheus:   http://localhost:%s/  (basic auth as %s)\n' "${PROMETHEUS_PORT}" "${user}"
  printf 'Alertmanager: http://localhost:%s/  (basic auth as %s)\n' "${ALERTMANAGER_PORT}" "${user}"
  printf 'Blackbox:     http://localhost:%s/  (basic auth as %s)\n' "${BLACKBOX_PORT}" "${user}"
}

# monitoring_watches STACK: the monitoring stack is deployed on STACK's network.
monitoring_watches() {
  local network
  network="$(docker network inspect --format '{{.Id}}' "$1_backend" 2>/dev/null)" || return 1
  docker service ls --quiet --filter "label=com.docker.stack.namespace=$(monitoring_stack_name)" |
    xargs -r docker service inspect --format '{{range .Spec.TaskTemplate.Networks}}{{.Target}} {{end}}' |
    grep -q -- "${network}"
}

# remove_monitoring_stack STACK: the monitoring stack, when it watches STACK (it holds STACK's
# network, so it goes first).
remove_monitoring_stack() {
  local stack
  stack="$(monitoring_stack_name)"
  if monitoring_watches "$1"; then
    remove_stack "${stack}"
  elif stack_exists "${stack}"; then
    info "stack ${stack} watches another stack than $1: kept"
  fi
}

# purge_monitoring_data: the monitoring stack's volumes and secrets, unless it is still deployed.
purge_monitoring_data() {
  local stack name prefix
  stack="$(monitoring_stack_name)"
  if stack_exists "${stack}"; then
    info "stack ${stack} is deployed (for another stack): its volumes and secrets are kept"
    return 0
  fi
  prefix="$(monitoring_secret_prefix)"
  for name in "${MONITORING_VOLUMES[@]}"; do
    docker volume rm "${stack}_${name}" >/dev/null 2>&1 && info "removed volume ${stack}_${name}"
  done
  for name in "${MONITORING_SECRETS[@]}"; do
    docker secret rm "${prefix}${name}" >/dev/null 2>&1 && info "removed secret ${prefix}${name}"
  done
  return 0
}

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
