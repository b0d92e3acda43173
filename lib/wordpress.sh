# shellcheck shell=bash
# wordpress.sh: the wpstack stack (WordPress, MariaDB, Adminer, Caddy):
# ./wpstack up, down, status, logs, credentials.
#
# Environment (every one optional):
#   WPSTACK_STACK         stack name (default wpstack); another name gets its own
#                         secrets (prefixed "NAME_"), volumes and credentials file
#   WPSTACK_CREDENTIALS   credentials file (default ~/.config/wpstack/credentials,
#                         or credentials-NAME for another stack)
#   WPSTACK_<NAME>        overrides NAME from stacks/env/<env>.env for one run,
#                         e.g. WPSTACK_HTTP_PORT, WPSTACK_ADMINER_PORT, WPSTACK_HTTPS_PORT
#   WPSTACK_SITE_URL      the site's URL for the WordPress install (default from
#                         DOMAIN, TLS and the ports: http://localhost[:port])
#   WPSTACK_REGISTRY      deploy REGISTRY/wpstack/NAME:VERSION instead of local images
#                         (or up --registry R [--version V]; the version defaults to the pom's)
#   WPSTACK_WORDPRESS_IMAGE (and _MARIADB_, _ADMINER_, _CADDY_): any image reference

readonly WORDPRESS_STACK_FILE="stacks/wordpress.yml"
readonly WORDPRESS_TLS_STACK_FILE="stacks/wordpress-tls.yml"
readonly WORDPRESS_ENV_DIR="stacks/env"
readonly WORDPRESS_CADDYFILE="config/caddy/Caddyfile"
readonly WORDPRESS_SERVICES=(wordpress mariadb adminer caddy)
# Services of the stack that run one of the images above (cron: WordPress's image).
readonly WORDPRESS_HELPER_SERVICES=(cron)
# The node label that marks where MariaDB's and wp_content's volumes live (default constraints).
readonly DATA_NODE_LABEL=wpstack.data
readonly DATA_NODE_CONSTRAINT="node.labels.${DATA_NODE_LABEL} == true"
readonly WORDPRESS_SECRETS=(lb_admin_user lb_admin_pass wp_db_pass db_root_pass)
# The credentials file holds the secrets plus the WordPress admin (not a Docker secret) and the
# password of Grafana's viewer (a secret of the monitoring stack, lib/monitoring.sh).
readonly WORDPRESS_CREDENTIALS=("${WORDPRESS_SECRETS[@]}" wp_admin_user wp_admin_pass grafana_viewer_pass)
readonly WORDPRESS_INSTALL_TIMEOUT=120

build_image_wordpress() { build_image wordpress "$1"; }
build_image_mariadb() { build_image mariadb "$1"; }
build_image_adminer() { build_image adminer "$1"; }
# Context images/: these COPY the scripts the images share from images/common/.
build_image_caddy() { build_image caddy "$1" images; }

# --- settings ----------------------------------------------------------------

stack_name() { printf '%s\n' "${WPSTACK_STACK:-wpstack}"; }

# secret_prefix: "" for the default stack (the original secret names), "NAME_" otherwise.
secret_prefix() { stack_secret_prefix "$(stack_name)" wpstack; }

credentials_path() {
  local stack dir
  stack="$(stack_name)"
  dir="${XDG_CONFIG_HOME:-${HOME}/.config}/wpstack"
  if [[ -n "${WPSTACK_CREDENTIALS:-}" ]]; then
    printf '%s\n' "${WPSTACK_CREDENTIALS}"
  elif [[ "${stack}" == wpstack ]]; then
    printf '%s/credentials\n' "${dir}"
  else
    printf '%s/credentials-%s\n' "${dir}" "${stack}"
  fi
}

check_stack_name() {
  check_stack_name_value WPSTACK_STACK "$(stack_name)"
}

readonly WORDPRESS_BASE_ENV="${WORDPRESS_ENV_DIR}/base.env"

# The settings, from stacks/env/base.env: names in order, their defaults and meanings; where each
# loaded value came from (base.env, an environment's file, or WPSTACK_NAME).
declare -ga SETTING_NAMES=()
declare -gA SETTING_DEFAULTS=() SETTING_MEANINGS=() SETTING_SOURCES=()

# environment_names: every stacks/env/ENV.env but base.env.
environment_names() {
  local file
  for file in "${WPSTACK_ROOT}/${WORDPRESS_ENV_DIR}"/*.env; do
    [[ -e "${file}" && "${file}" != */base.env ]] && basename "${file}" .env
  done
  return 0
}

# read_env_file FILE CALLBACK: CALLBACK NAME VALUE MEANING for every NAME=value line of FILE, with
# the comment lines right above it as MEANING (section lines "# --- ... ---" are not meanings).
read_env_file() {
  local file="$1" callback="$2" line meaning=""
  while IFS= read -r line || [[ -n "${line}" ]]; do
    if [[ "${line}" =~ ^[[:space:]]*$ || "${line}" =~ ^#\ --- ]]; then
      meaning=""
      continue
    fi
    if [[ "${line}" =~ ^#\ ?(.*)$ ]]; then
      meaning+="${meaning:+ }${BASH_REMATCH[1]}"
      continue
    fi
    [[ "${line}" =~ ^([A-Z][A-Z0-9_]*)=(.*)$ ]] ||
      die "${file}: cannot read the line \"${line}\"; write NAME=value"
    "${callback}" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${meaning}"
    meaning=""
  done <"${WPSTACK_ROOT}/${file}"
}

declare_setting() {
  [[ -z "${SETTING_DEFAULTS[$1]+set}" ]] || die "${WORDPRESS_BASE_ENV}: $1 is declared twice; keep one"
  SETTING_NAMES+=("$1")
  SETTING_DEFAULTS["$1"]="$2"
  SETTING_MEANINGS["$1"]="$3"
}

# load_settings: the declarations of stacks/env/base.env (once per run).
load_settings() {
  ((${#SETTING_NAMES[@]} == 0)) || return 0
  read_env_file "${WORDPRESS_BASE_ENV}" declare_setting
}

set_from_env_file() {
  [[ -n "${SETTING_DEFAULTS[$1]+set}" ]] ||
    die "${LOADING_ENV_FILE}: $1 is not a setting; declare it, with its meaning and default, in ${WORDPRESS_BASE_ENV}$(nearest_hint "$1" "${SETTING_NAMES[@]}")"
  LOADED_VALUES["$1"]="$2"
  SETTING_SOURCES["$1"]="${LOADING_ENV_FILE}"
}

# load_environment ENV: export every setting: its default from stacks/env/base.env, the value of
# stacks/env/ENV.env where that sets it, and WPSTACK_NAME where that is set. An unknown WPSTACK_
# variable is an error that names the nearest real one.
load_environment() {
  local env="$1" name override
  declare -gA LOADED_VALUES=()
  LOADING_ENV_FILE="${WORDPRESS_ENV_DIR}/${env}.env"
  [[ "${env}" != base && -f "${WPSTACK_ROOT}/${LOADING_ENV_FILE}" ]] ||
    usage_error up "unknown environment \"${env}\"; choose one of: $(environment_names | tr '\n' ' ')"
  load_settings
  check_wpstack_variables
  read_env_file "${LOADING_ENV_FILE}" set_from_env_file
  for name in "${SETTING_NAMES[@]}"; do
    override="WPSTACK_${name}"
    if [[ -n "${!override+set}" ]]; then
      export "${name}=${!override}"
      SETTING_SOURCES["${name}"]="${override}"
    elif [[ -n "${LOADED_VALUES[${name}]+set}" ]]; then
      export "${name}=${LOADED_VALUES[${name}]}"
    else
      export "${name}=${SETTING_DEFAULTS[${name}]}"
      SETTING_SOURCES["${name}"]="${WORDPRESS_BASE_ENV}"
    fi
  done
  WPSTACK_ENV="${env}"
}

# setting_source NAME: where NAME's value came from, for "fix it in ..." messages.
setting_source() {
  local source="${SETTING_SOURCES[$1]:-${WORDPRESS_BASE_ENV}}"
  if [[ "${source}" == WPSTACK_* ]]; then
    printf 'the environment variable %s\n' "${source}"
  else
    printf '%s (or WPSTACK_%s for one run)\n' "${source}" "$1"
  fi
}

# check_wpstack_variables: every WPSTACK_* variable of the environment is a setting's override or
# one of wpstack's own variables (WPSTACK_VARIABLES, lib/core.sh); a typo is named, with the
# nearest real name.
check_wpstack_variables() {
  local variable name
  local -a known=()
  # Suggestions compare the part after WPSTACK_, among what a user sets (not ./wpstack's own).
  known=("${SETTING_NAMES[@]}")
  for name in "${!WPSTACK_VARIABLES[@]}"; do
    [[ "${WPSTACK_VARIABLES[${name}]}" == "set by ./wpstack itself"* ]] || known+=("${name#WPSTACK_}")
  done
  while read -r variable; do
    name="${variable#WPSTACK_}"
    [[ -n "${SETTING_DEFAULTS[${name}]+set}" || -n "${WPSTACK_VARIABLES[${variable}]+set}" ]] && continue
    # WPSTACK_NAME_IMAGE: any image for one of the images wpstack builds.
    [[ "${variable}" =~ ^WPSTACK_([A-Z0-9_]+)_IMAGE$ && -d "${WPSTACK_ROOT}/images/$(tr 'A-Z_' 'a-z-' <<<"${BASH_REMATCH[1]}")" ]] && continue
    printf 'wpstack: error: %s is not a wpstack setting%s; ./wpstack help settings lists them\n' \
      "${variable}" "$(nearest_hint "${name}" "${known[@]}" | sed 's/did you mean /did you mean WPSTACK_/')" >&2
    exit 2
  done < <(compgen -e | grep '^WPSTACK_' || true)
}

# nearest_hint WORD CANDIDATE...: " (did you mean X?)" for the candidate nearest to WORD (edit
# distance, a swap of two letters counting one, at most a third of its length), else nothing.
nearest_hint() {
  local word="$1"
  shift
  printf '%s\n' "$@" | awk -v word="${word}" '
    function distance(a, b,    i, j, la, lb, d, cost) {
      la = length(a); lb = length(b)
      for (i = 0; i <= la; i++) d[i, 0] = i
      for (j = 0; j <= lb; j++) d[0, j] = j
      for (i = 1; i <= la; i++)
        for (j = 1; j <= lb; j++) {
          cost = substr(a, i, 1) != substr(b, j, 1)
          d[i, j] = d[i - 1, j] + 1
          if (d[i, j - 1] + 1 < d[i, j]) d[i, j] = d[i, j - 1] + 1
          if (d[i - 1, j - 1] + cost < d[i, j]) d[i, j] = d[i - 1, j - 1] + cost
          # Two letters swapped count as one edit.
          if (i > 1 && j > 1 && substr(a, i, 1) == substr(b, j - 1, 1) && substr(a, i - 1, 1) == substr(b, j, 1) \
            && d[i - 2, j - 2] + 1 < d[i, j]) d[i, j] = d[i - 2, j - 2] + 1
        }
      return d[la, lb]
    }
    { n = distance(word, $0); if (best == "" || n < bestn) { best = $0; bestn = n } }
    END { if (best != "" && bestn <= length(word) / 3) printf " (did you mean %s?)", best }'
}

# print_settings: ./wpstack help settings.
print_settings() {
  local name env value line variable
  local -a envs
  load_settings
  mapfile -t envs < <(environment_names)
  printf 'Settings (stacks/env/base.env declares each with its default; stacks/env/ENV.env changes them\nper environment; WPSTACK_NAME overrides one for a run):\n'
  for name in "${SETTING_NAMES[@]}"; do
    line="  ${name}=${SETTING_DEFAULTS[${name}]}"
    for env in "${envs[@]}"; do
      value="$(grep -m 1 "^${name}=" "${WPSTACK_ROOT}/${WORDPRESS_ENV_DIR}/${env}.env" || true)"
      [[ -z "${value}" ]] || line+="  [${env}: ${value#*=}]"
    done
    printf '%s\n      %s\n' "${line}" "${SETTING_MEANINGS[${name}]:-(no meaning written in base.env)}"
  done
  printf '\nwpstack'"'"'s own variables (not settings):\n'
  while read -r variable; do
    printf '  %s\n      %s\n' "${variable}" "${WPSTACK_VARIABLES[${variable}]}"
  done < <(printf '%s\n' "${!WPSTACK_VARIABLES[@]}" | sort)
  printf '  WPSTACK_NAME_IMAGE\n      any image reference instead of the one wpstack builds for images/name/ (e.g. WPSTACK_WORDPRESS_IMAGE)\n'
}

check_port() {
  local name="$1" value="${!1:-}"
  if [[ "${value}" =~ ^[0-9]+$ ]] && ((value >= 1 && value <= 65535)); then
    return 0
  fi
  die "${name}=${value} is not a port number (1-65535); fix it in $(setting_source "${name}")"
}

check_settings() {
  check_port HTTP_PORT
  check_port ADMINER_PORT
  check_port HTTPS_PORT
  [[ "${HTTP_PORT}" != "${ADMINER_PORT}" ]] || die "HTTP_PORT and ADMINER_PORT are both ${HTTP_PORT}; give them different ports"
  [[ "${WORDPRESS_REPLICAS:-}" =~ ^[0-9]+$ ]] ||
    die "WORDPRESS_REPLICAS=${WORDPRESS_REPLICAS:-} is not a number; fix it in $(setting_source WORDPRESS_REPLICAS)"
  [[ -z "${TLS:-}" || "${TLS}" == internal ]] ||
    die "TLS=${TLS} is not supported; use TLS=internal (Caddy's local CA) or leave it empty"
  [[ "${DOMAIN:-}" =~ ^[A-Za-z0-9.-]*$ ]] || die "DOMAIN=${DOMAIN} is not a host name"
  local host
  for host in ${SITE_HOSTS:-}; do
    [[ "${host}" =~ ^[A-Za-z0-9.-]+$ ]] ||
      die "SITE_HOSTS: \"${host}\" is not a host name or IPv4 address; fix it in $(setting_source SITE_HOSTS) (names separated by spaces)"
  done
  [[ "${MONITORING:-false}" =~ ^(true|false)$ ]] ||
    die "MONITORING=${MONITORING} must be true or false; fix it in $(setting_source MONITORING)"
  [[ "${CRON_INTERVAL:-60}" =~ ^[0-9]+$ && "${CRON_INTERVAL:-60}" -ge 5 ]] ||
    die "CRON_INTERVAL=${CRON_INTERVAL} is not a number of seconds >= 5; fix it in $(setting_source CRON_INTERVAL)"
}

tls_enabled() { [[ -n "${DOMAIN:-}" || "${TLS:-}" == internal ]]; }

# published_port_settings: the settings naming the ports Caddy publishes.
published_port_settings() {
  printf '%s\n' HTTP_PORT ADMINER_PORT
  if tls_enabled; then printf '%s\n' HTTPS_PORT; fi
}

published_ports() {
  local name
  while read -r name; do printf '%s\n' "${!name}"; done < <(published_port_settings)
}

# --- ports -------------------------------------------------------------------

port_listening() {
  local port="$1" hex
  hex="$(printf ':%04X' "${port}")"
  # State 0A is LISTEN; column 2 is local_address:port in hex.
  awk -v p="${hex}" '$4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

# port_holder PORT: who listens on PORT (a container with its service, or a process).
port_holder() {
  local port="$1" holder=""
  holder="$(docker ps --filter "publish=${port}" \
    --format '{{.Names}} (service {{.Label "com.docker.swarm.service.name"}})' 2>/dev/null | head -n 1)"
  if [[ -z "${holder}" ]] && command -v ss >/dev/null; then
    holder="$(ss -Hltnp "sport = :${port}" 2>/dev/null | head -n 1 |
      sed -n 's/.*users:(("\([^"]*\)",pid=\([0-9]*\).*/\1 (pid \2)/p')"
  fi
  printf '%s\n' "${holder:-an unknown process}"
}

# check_port_free PORT SERVICE FIX: PORT is free, or SERVICE's already (a redeploy); else an error
# naming the holder and FIX (the setting or flag that chooses another port). The wpstack,
# monitoring and registry stacks all check their ports with it.
check_port_free() {
  local port="$1" own="$2" fix="$3" holder
  port_listening "${port}" || return 0
  holder="$(port_holder "${port}")"
  [[ "${holder}" == *"(service ${own})" ]] && return 0
  die "port ${port} is already in use by ${holder}; stop it, or choose another port (${fix})"
}

# check_ports_free: every port Caddy will publish is free or already Caddy's (a redeploy).
check_ports_free() {
  local name
  while read -r name; do
    check_port_free "${!name}" "$(stack_name)_caddy" "WPSTACK_${name}"
  done < <(published_port_settings)
}

# --- credentials ---------------------------------------------------------------

declare -gA WORDPRESS_CREDENTIAL_VALUES=()

is_credential_name() {
  local known
  for known in "${WORDPRESS_CREDENTIALS[@]}"; do
    [[ "$1" == "${known}" ]] && return 0
  done
  return 1
}

# read_credentials: load the credentials file (if any) into WORDPRESS_CREDENTIAL_VALUES;
# an unknown name or an empty value is an error.
read_credentials() {
  local file line name value
  file="$(credentials_path)"
  WORDPRESS_CREDENTIAL_VALUES=()
  [[ -e "${file}" ]] || return 0
  [[ -r "${file}" ]] || die "cannot read the credentials file ${file}; check its owner and mode (0600)"
  while IFS= read -r line || [[ -n "${line}" ]]; do
    [[ "${line}" =~ ^[[:space:]]*(#|$) ]] && continue
    name="${line%%=*}"
    value="${line#*=}"
    if [[ "${line}" != *=* ]] || ! is_credential_name "${name}"; then
      die "credentials file ${file}: unknown line \"${name}\"; it holds name=value lines for: ${WORDPRESS_CREDENTIALS[*]}"
    fi
    [[ -n "${value}" ]] ||
      die "credentials file ${file}: ${name} is empty; put a value there, or delete the line to have one generated"
    WORDPRESS_CREDENTIAL_VALUES["${name}"]="${value}"
  done <"${file}"
}

# write_credentials: the values, mode 0600, replaced atomically.
write_credentials() {
  local file tmp name
  file="$(credentials_path)"
  mkdir -p "$(dirname "${file}")"
  chmod 0700 "$(dirname "${file}")" 2>/dev/null || true
  tmp="$(mktemp "${file}.XXXXXX")"
  chmod 0600 "${tmp}"
  for name in "${WORDPRESS_CREDENTIALS[@]}"; do
    [[ -n "${WORDPRESS_CREDENTIAL_VALUES[${name}]:-}" ]] &&
      printf '%s=%s\n' "${name}" "${WORDPRESS_CREDENTIAL_VALUES[${name}]}"
  done >"${tmp}"
  mv -f "${tmp}" "${file}"
}

# random_value LENGTH: letters and digits from /dev/urandom.
random_value() {
  local value
  value="$(head -c 96 /dev/urandom | base64 -w 0 | tr -d '/+=')"
  printf '%s\n' "${value:0:$1}"
}

# generated_value NAME: a new value for a missing credential.
generated_value() {
  case "$1" in
    *_user) printf 'admin-%s\n' "$(random_value 6)" ;;
    *) random_value 32 ;;
  esac
}

# ensure_credentials: every missing credential gets a generated value (saved at once).
ensure_credentials() {
  local name changed=0
  for name in "${WORDPRESS_CREDENTIALS[@]}"; do
    [[ -n "${WORDPRESS_CREDENTIAL_VALUES[${name}]:-}" ]] && continue
    WORDPRESS_CREDENTIAL_VALUES["${name}"]="$(generated_value "${name}")"
    changed=1
  done
  ((changed == 0)) && return 0
  write_credentials
  info "credentials saved to $(credentials_path) (mode 0600; ./wpstack credentials prints them)"
}

secret_exists() { docker secret inspect "$1" >/dev/null 2>&1; }

# ensure_secrets: create each missing Docker secret from the credentials file.
# An existing secret is kept as it is (a secret cannot be read back or changed in place).
ensure_secrets() {
  local name secret prefix
  prefix="$(secret_prefix)"
  for name in "${WORDPRESS_SECRETS[@]}"; do
    secret="${prefix}${name}"
    secret_exists "${secret}" && continue
    printf '%s' "${WORDPRESS_CREDENTIAL_VALUES[${name}]}" |
      docker secret create --label "io.wpstack.stack=$(stack_name)" "${secret}" - >/dev/null ||
      die "creating the Docker secret ${secret} failed; check docker info and rerun"
    info "created secret ${secret}"
  done
}

# check_existing_secrets_known: a secret made outside wpstack has no value on file: stop.
check_existing_secrets_known() {
  local name secret prefix file
  prefix="$(secret_prefix)"
  file="$(credentials_path)"
  for name in "${WORDPRESS_SECRETS[@]}"; do
    secret="${prefix}${name}"
    if secret_exists "${secret}" && [[ -z "${WORDPRESS_CREDENTIAL_VALUES[${name}]:-}" ]]; then
      die "the Docker secret ${secret} exists but its value is not in ${file}; add the line ${name}=VALUE there, or remove the secret (docker secret rm ${secret}) to have a new one generated"
    fi
  done
}

# --- images and deployment ------------------------------------------------------

# image_ref NAME: WPSTACK_NAME_IMAGE (- as _), else REGISTRY/wpstack/NAME:VERSION, else the local
# image by a tag naming its content (so a rebuilt image rolls the service on redeploy).
image_ref() {
  local name="$1" var
  var="WPSTACK_${name^^}_IMAGE"
  var="${var//-/_}"
  if [[ -n "${!var:-}" ]]; then
    printf '%s\n' "${!var}"
  elif [[ -n "${WPSTACK_REGISTRY:-}" ]]; then
    printf '%s/wpstack/%s:%s\n' "${WPSTACK_REGISTRY}" "${name}" "${WPSTACK_VERSION:-$(wpstack_version)}"
  else
    content_tag "${name}"
  fi
}

export_stack_variables() {
  local name
  export_site_variables
  STACK="$(stack_name)"
  SECRET_PREFIX="$(secret_prefix)"
  CADDYFILE_HASH="$(sha256sum "${WPSTACK_ROOT}/${WORDPRESS_CADDYFILE}" | cut -c 1-12)"
  export STACK SECRET_PREFIX CADDYFILE_HASH
  for name in "${WORDPRESS_SERVICES[@]}"; do
    export "${name^^}_IMAGE=$(image_ref "${name}")"
  done
  # The exporter's check (lib/exporter.sh) then runs the pushed image too.
  if [[ -n "${WPSTACK_REGISTRY:-}" ]]; then
    export REGISTRY="${WPSTACK_REGISTRY}" VERSION="${WPSTACK_VERSION:-$(wpstack_version)}"
  fi
}

# stack_file_args: -c arguments for docker stack deploy / config.
stack_file_args() {
  printf '%s\n' -c "${WPSTACK_ROOT}/${WORDPRESS_STACK_FILE}"
  if tls_enabled; then printf '%s\n' -c "${WPSTACK_ROOT}/${WORDPRESS_TLS_STACK_FILE}"; fi
}

deploy_stack() {
  local -a files
  mapfile -t files < <(stack_file_args)
  info "deploying stack $(stack_name) (${WPSTACK_ENV})"
  deploy_stack_files "$(stack_name)" "./wpstack up" "${files[@]}"
}

# deploy_stack_files STACK RERUN FILE_ARGS...: docker stack deploy with the -c FILE_ARGS, output
# in a log shown on failure. From a registry (WPSTACK_REGISTRY): pin digests, and hand this
# client's login (if any) to the nodes.
deploy_stack_files() {
  local stack="$1" rerun="$2" log resolve=never
  local -a auth=()
  shift 2
  [[ -n "${WPSTACK_REGISTRY:-}" ]] && resolve=always auth=(--with-registry-auth)
  log="$(log_file "deploy-${stack}")"
  stack_deploy --prune --resolve-image "${resolve}" "${auth[@]}" "$@" "${stack}" >"${log}" 2>&1 || {
    cat "${log}" >&2
    die "docker stack deploy ${stack} failed (output above); fix the cause and rerun ${rerun}"
  }
}

# remove_old_caddyfiles: Caddyfile configs of this stack no service uses any more.
remove_old_caddyfiles() {
  local stack config
  stack="$(stack_name)"
  while read -r config; do
    [[ "${config}" == "${stack}_caddyfile_${CADDYFILE_HASH}" ]] && continue
    docker config rm "${config}" >/dev/null 2>&1 || true
  done < <(docker config ls --filter "name=${stack}_caddyfile_" --format '{{.Name}}')
}

# remove_unused_image_tags NAME...: the wpstack/NAME:id-* tags no service refers to any more
# (a tag a service still uses must stay: Swarm needs it to start a new task).
remove_unused_image_tags() {
  local name tag
  local -a in_use
  mapfile -t in_use < <(docker service ls --format '{{.Image}}' | sed 's/@sha256:.*//')
  for name in "$@"; do
    while read -r tag; do
      [[ " ${in_use[*]} " == *" ${tag} "* ]] && continue
      docker image rm "${tag}" >/dev/null 2>&1 || true
    done < <(docker image ls --format '{{.Repository}}:{{.Tag}}' "wpstack/${name}" | grep ':id-' || true)
  done
}

# --- the WordPress install ------------------------------------------------------

# site_hosts: the host names and addresses the site answers to without DOMAIN, the canonical one
# first: every swarm node's address and host name (this node's first), localhost, 127.0.0.1, then
# SITE_HOSTS. Caddy gets a certificate for each with TLS=internal; WordPress builds its links from
# the Host of a request only when it is one of them (images/wordpress/config-default.php).
site_hosts() {
  local self node
  self="$(docker info --format '{{.Swarm.NodeID}}' 2>/dev/null || true)"
  {
    [[ -z "${self}" ]] || docker node inspect --format '{{.Status.Addr}} {{.Description.Hostname}}' "${self}" 2>/dev/null
    while read -r node; do
      [[ "${node}" == "${self}" ]] || docker node inspect --format '{{.Status.Addr}} {{.Description.Hostname}}' "${node}" 2>/dev/null
    done < <(docker node ls -q 2>/dev/null)
    printf 'localhost 127.0.0.1 %s\n' "${SITE_HOSTS:-}"
  } | tr ' ' '\n' | awk '/^[A-Za-z0-9.-]+$/ && $0 != "0.0.0.0" && !seen[tolower($0)]++ { print tolower($0) }'
}

site_scheme() { if tls_enabled; then printf 'https\n'; else printf 'http\n'; fi; }

# site_port: the port Caddy publishes for the site's scheme.
site_port() { if tls_enabled; then printf '%s\n' "${HTTPS_PORT}"; else printf '%s\n' "${HTTP_PORT}"; fi; }

# fixed_site_url: the URL every link uses when one is fixed (WPSTACK_SITE_URL, or DOMAIN), else "".
fixed_site_url() {
  if [[ -n "${WPSTACK_SITE_URL:-}" ]]; then
    printf '%s\n' "${WPSTACK_SITE_URL%/}"
  elif [[ -n "${DOMAIN:-}" ]]; then
    url_for https "${DOMAIN}" "${HTTPS_PORT}" 443
  fi
}

# site_url: the site's canonical URL (DOMAIN's, else the first of site_hosts, i.e. this node's
# address), which up prints; WordPress answers at every host of site_hosts.
site_url() {
  local fixed
  fixed="$(fixed_site_url)"
  if [[ -n "${fixed}" ]]; then
    printf '%s\n' "${fixed}"
  else
    url_for "$(site_scheme)" "${SITE_HOST_LIST%% *}" "$(site_port)" "$(default_port "$(site_scheme)")"
  fi
}

# local_site_url: the site by its name on this machine (DOMAIN, else localhost), for the probes.
local_site_url() {
  url_for "$(site_scheme)" "${DOMAIN:-localhost}" "$(site_port)" "$(default_port "$(site_scheme)")"
}

adminer_url() {
  local host="${DOMAIN:-${SITE_HOST_LIST%% *}}"
  url_for "$(site_scheme)" "${host:-localhost}" "${ADMINER_PORT}" "$(default_port "$(site_scheme)")"
}

default_port() { if [[ "$1" == https ]]; then printf '443\n'; else printf '80\n'; fi; }

# export_site_variables: what stacks/wordpress.yml reads about the site's address.
export_site_variables() {
  SITE_HOST_LIST="$(site_hosts | paste -sd ' ' -)"
  SITE_URL_FIXED="$(fixed_site_url)"
  SITE_SCHEME="$(site_scheme)"
  export SITE_HOST_LIST SITE_URL_FIXED SITE_SCHEME
}

# url_for SCHEME HOST PORT DEFAULT_PORT
url_for() {
  if [[ "$3" == "$4" ]]; then
    printf '%s://%s\n' "$1" "$2"
  else
    printf '%s://%s:%s\n' "$1" "$2" "$3"
  fi
}

# wordpress_container: a running, healthy WordPress container of the stack on this node.
wordpress_container() {
  docker ps --filter "label=com.docker.swarm.service.name=$(stack_name)_wordpress" \
    --filter health=healthy --format '{{.ID}}' | head -n 1
}

# The installer runs inside a WordPress container with the image's own PHP, so it
# works whatever TLS Caddy does; the form (with the password) goes on stdin.
# It prints one state: not-installed, installed, installed-now, no-database,
# unreachable or "unexpected: ..."; mode upgrade runs WordPress's database upgrade
# (wp-admin/upgrade.php, which needs no login) and prints upgraded or current.
# shellcheck disable=SC2016 # PHP source, not shell
readonly WORDPRESS_INSTALL_PHP='
[$mode, $host, $proto, $target] = array_slice($argv, 1);
$http = ["ignore_errors" => true, "follow_location" => 0, "timeout" => 60,
  "header" => "Host: $host\r\nX-Forwarded-Proto: $proto\r\n"];
$url = "http://$target/wp-admin/install.php";
if ($mode === "upgrade") {
  $body = @file_get_contents("http://$target/wp-admin/upgrade.php?step=1", false, stream_context_create(["http" => $http]));
  if ($body === false) { echo "unreachable\n"; }
  elseif (strpos($body, "No Update Required") !== false) { echo "current\n"; }
  elseif (strpos($body, "Update Complete") !== false) { echo "upgraded\n"; }
  else { echo "unexpected: ", substr(trim(preg_replace("/\\s+/", " ", strip_tags($body))), 0, 200), "\n"; }
  exit(0);
}
if ($mode === "install") {
  $fields = [];
  foreach (explode("\n", stream_get_contents(STDIN)) as $line) {
    if (strpos($line, "=") !== false) { [$k, $v] = explode("=", $line, 2); $fields[$k] = $v; }
  }
  $http["method"] = "POST";
  $http["header"] .= "Content-Type: application/x-www-form-urlencoded\r\n";
  $http["content"] = http_build_query($fields);
  $url .= "?step=2";
}
$body = @file_get_contents($url, false, stream_context_create(["http" => $http]));
if ($body === false) { echo "unreachable\n"; }
elseif (strpos($body, "Error establishing a database connection") !== false) { echo "no-database\n"; }
elseif (strpos($body, "<h1>Already Installed</h1>") !== false) { echo "installed\n"; }
elseif (preg_match("/<h1>\\s*Success!/", $body)) { echo "installed-now\n"; }
elseif (strpos($body, "install.php?step=") !== false) { echo "not-installed\n"; }
else { echo "unexpected: ", substr(trim(preg_replace("/\\s+/", " ", strip_tags($body))), 0, 200), "\n"; }
'

# wordpress_elsewhere: no WordPress container of the stack on this engine's node (on a swarm of
# several nodes, the replicas may all run on another: the data node).
wordpress_elsewhere() {
  [[ -z "$(docker ps -q --filter "label=com.docker.swarm.service.name=$(stack_name)_wordpress")" ]]
}

# wordpress_install_call check|install|upgrade: run the installer in a WordPress container of this
# node, against its own Apache (which serves the installer to 127.0.0.1 only).
wordpress_install_call() {
  local mode="$1" container url host proto nodes
  url="$(site_url)"
  proto="${url%%://*}"
  host="${url#*://}"
  host="${host%%/*}"
  container="$(wordpress_container)"
  if [[ -z "${container}" ]]; then
    if wordpress_elsewhere; then
      nodes="$(service_nodes wordpress | paste -sd ' ' -)"
      [[ -z "${nodes}" || " ${nodes} " == *" $(docker info --format '{{.Name}}') "* ]] ||
        die "WordPress runs on ${nodes}, not on this node: its installer answers only inside a WordPress container, so run ./wpstack up on ${nodes%% *} (the node labelled ${DATA_NODE_LABEL}=true)"
    fi
    printf 'no-container\n'
    return 0
  fi
  install_form | docker exec -i "${container}" php -r "${WORDPRESS_INSTALL_PHP}" -- "${mode}" "${host}" "${proto}" 127.0.0.1 2>&1 | tail -n 1
}

install_form() {
  printf 'weblog_title=%s\n' "${SITE_TITLE:-wpstack}"
  printf 'user_name=%s\n' "${WORDPRESS_CREDENTIAL_VALUES[wp_admin_user]}"
  printf 'admin_password=%s\n' "${WORDPRESS_CREDENTIAL_VALUES[wp_admin_pass]}"
  printf 'admin_password2=%s\n' "${WORDPRESS_CREDENTIAL_VALUES[wp_admin_pass]}"
  printf 'pw_weak=1\nadmin_email=%s\nblog_public=%s\n' "${WP_ADMIN_EMAIL:-admin@${DOMAIN:-example.com}}" \
    "$([[ -n "${DOMAIN:-}" ]] && echo 1 || echo 0)"
}

# finish_wordpress_install: run WordPress's installer once (site title, admin user),
# waiting for the database and a healthy WordPress container.
finish_wordpress_install() {
  local start=${SECONDS} state
  while ((SECONDS - start < WORDPRESS_INSTALL_TIMEOUT)); do
    state="$(wordpress_install_call check)"
    case "${state}" in
      installed)
        upgrade_wordpress_database
        return 0
        ;;
      not-installed)
        state="$(wordpress_install_call install)"
        [[ "${state}" == installed-now ]] ||
          die "the WordPress install failed (${state}); see ./wpstack logs wordpress, then rerun ./wpstack up"
        info "WordPress installed: \"${SITE_TITLE:-wpstack}\" at $(site_url), admin ${WORDPRESS_CREDENTIAL_VALUES[wp_admin_user]}"
        return 0
        ;;
      no-container | unreachable | no-database) sleep 2 ;;
      *) die "WordPress answered unexpectedly (${state}); see ./wpstack logs wordpress" ;;
    esac
  done
  die "WordPress was not ready to install within ${WORDPRESS_INSTALL_TIMEOUT}s (last state: ${state}); see ./wpstack status and ./wpstack logs wordpress"
}

# upgrade_wordpress_database: WordPress's database upgrade after an image with a newer WordPress
# (what an administrator would otherwise be asked to click through in wp-admin).
upgrade_wordpress_database() {
  local state
  state="$(wordpress_install_call upgrade)"
  case "${state}" in
    current) ;;
    upgraded) info "WordPress database upgraded to the image's WordPress version" ;;
    *) die "the WordPress database upgrade failed (${state}); see ./wpstack logs wordpress, then rerun ./wpstack up" ;;
  esac
}

# --- placement: MariaDB and wp_content live on one node -------------------------------

# service_nodes SERVICE: the nodes the stack's SERVICE has tasks meant to run on, one a line, sorted
# (nothing when the service does not exist).
service_nodes() {
  docker service ps --filter desired-state=running --format '{{.Node}}' "$(stack_name)_$1" 2>/dev/null | sort -u || true
}

# node_label_value NODE: the node's wpstack.data label, or "".
node_label_value() { docker node inspect --format "{{index .Spec.Labels \"${DATA_NODE_LABEL}\"}}" "$1" 2>/dev/null || true; }

# ensure_data_node: one node carries wpstack.data=true, the default constraint of MariaDB and
# WordPress, so both stay with their volumes. When none does, up labels the node MariaDB runs on
# now (a deployment made before the label), else this node.
ensure_data_node() {
  local node self
  local -a labelled=()
  while read -r node; do
    [[ "$(node_label_value "${node}")" == true ]] && labelled+=("${node}")
  done < <(docker node ls -q)
  if ((${#labelled[@]} > 1)); then
    warn "${#labelled[@]} nodes carry the label ${DATA_NODE_LABEL}=true ($(node_names "${labelled[@]}")): MariaDB and WordPress may move between them and find other volumes. Keep it on one node: docker node update --label-rm ${DATA_NODE_LABEL} NODE"
  fi
  ((${#labelled[@]} == 0)) || return 0
  node="$(service_nodes mariadb | head -n 1)"
  self="$(docker info --format '{{.Swarm.NodeID}}')"
  docker node update --label-add "${DATA_NODE_LABEL}=true" "${node:-${self}}" >/dev/null ||
    die "labelling node ${node:-${self}} ${DATA_NODE_LABEL}=true failed; label the node that should hold the data yourself (docker node update --label-add ${DATA_NODE_LABEL}=true NODE) and rerun"
  info "node $(node_names "${node:-${self}}") holds the stack's data (label ${DATA_NODE_LABEL}=true): MariaDB and WordPress run there"
}

node_names() {
  local node
  for node in "$@"; do docker node inspect --format '{{.Description.Hostname}}' "${node}"; done | paste -sd ' ' -
}

# warn_if_content_may_diverge: a WORDPRESS_CONSTRAINT other than the data node's label lets
# replicas run on nodes that each have an empty wp_content volume of their own.
warn_if_content_may_diverge() {
  local nodes
  [[ "${WORDPRESS_CONSTRAINT:-}" == "${DATA_NODE_CONSTRAINT}" ]] && return 0
  nodes="$(docker node ls -q | wc -l)"
  ((nodes > 1)) || return 0
  warn "WORDPRESS_CONSTRAINT=${WORDPRESS_CONSTRAINT} may place WordPress replicas on several of this swarm's ${nodes} nodes, and each node has a wp_content volume of its own: an image uploaded or a plugin installed through one replica is then missing on the others. Keep the default (${DATA_NODE_CONSTRAINT}) unless wp-content is shared storage."
}

# warn_if_content_diverges: after the deploy, the nodes WordPress really runs on.
warn_if_content_diverges() {
  local -a nodes
  mapfile -t nodes < <(service_nodes wordpress)
  ((${#nodes[@]} > 1)) || return 0
  warn "WordPress replicas run on ${#nodes[@]} nodes (${nodes[*]}), each with its own wp_content volume: uploads and plugins differ between them. Set WORDPRESS_CONSTRAINT back to ${DATA_NODE_CONSTRAINT}."
}

# --- commands ---------------------------------------------------------------------

parse_env_flag() {
  local command="$1"
  shift
  WPSTACK_ENV=development
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --env)
        [[ $# -ge 2 && -n "$2" ]] || usage_error "${command}" "--env needs a value: development or production"
        WPSTACK_ENV="$2"
        shift 2
        ;;
      --env=*)
        WPSTACK_ENV="${1#--env=}"
        shift
        ;;
      --registry | --version)
        [[ $# -ge 2 && -n "$2" ]] || usage_error "${command}" "$1 needs a value, e.g. --registry NAME:PORT --version 1.2.3"
        set_image_source "${command}" "$1" "$2"
        shift 2
        ;;
      *) usage_error "${command}" "unknown argument \"$1\"" ;;
    esac
  done
}

# set_image_source COMMAND --registry|--version VALUE: deploy REGISTRY/wpstack/NAME:VERSION
# (what ./wpstack build --push sent there) instead of the local images.
set_image_source() {
  case "$2" in
    --registry)
      is_registry_address "$3" ||
        usage_error "$1" "--registry \"$3\" is not HOST:PORT, e.g. --registry wpstack-registry.internal:5001"
      WPSTACK_REGISTRY="$3"
      ;;
    --version)
      [[ "$3" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$ ]] || usage_error "$1" "--version \"$3\" is not an image tag"
      WPSTACK_VERSION="$3"
      ;;
  esac
}

print_urls() {
  local adminer_user="${WORDPRESS_CREDENTIAL_VALUES[lb_admin_user]}"
  printf 'WordPress:    %s/  (admin: %s/wp-admin/ as %s)\n' "$(site_url)" "$(site_url)" \
    "${WORDPRESS_CREDENTIAL_VALUES[wp_admin_user]}"
  if [[ -z "$(fixed_site_url)" ]]; then
    printf '              also at %s\n' "$(site_hosts_line)"
  fi
  printf 'Adminer:      %s/  (basic auth as %s; then server mariadb, user wordpress)\n' "$(adminer_url)" "${adminer_user}"
  if monitoring_enabled; then print_monitoring_urls; fi
  printf 'Passwords:    ./wpstack credentials\n'
  if [[ "${TLS:-}" == internal ]]; then
    printf 'HTTPS:        certificates from Caddy'"'"'s local CA; trust its root once: ./wpstack ca (docs/operations.md#https)\n'
    [[ -n "${DOMAIN:-}" ]] ||
      printf '              no DOMAIN is set: for a public site, set DOMAIN to its name and TLS= empty (a certificate from Let'"'"'s Encrypt)\n'
  fi
}

# site_hosts_line: the other hosts the site answers to, as URLs.
site_hosts_line() {
  local host scheme port out=""
  scheme="$(site_scheme)"
  port="$(site_port)"
  for host in ${SITE_HOST_LIST#* }; do
    out+="${out:+, }$(url_for "${scheme}" "${host}" "${port}" "$(default_port "${scheme}")")/"
  done
  printf '%s\n' "${out}"
}

# monitoring_enabled: MONITORING=true (production's default) deploys the monitoring stack too.
monitoring_enabled() { [[ "${MONITORING:-false}" == true ]]; }

register_help up "[--env development|production] [--registry R --version V]" "deploy WordPress, MariaDB, Adminer and Caddy (idempotent); production: the monitoring stack too"
cmd_up() {
  local start=${SECONDS}
  parse_env_flag up "$@"
  check_stack_name
  load_environment "${WPSTACK_ENV}"
  check_settings
  read_credentials
  ensure_docker
  ensure_swarm
  check_ports_free
  check_existing_secrets_known
  if monitoring_enabled; then check_monitoring_before_up; fi
  build_local_images "${WORDPRESS_SERVICES[@]}"
  ensure_exporter_image
  ensure_credentials
  ensure_secrets
  ensure_data_node
  warn_if_content_may_diverge
  export_stack_variables
  deploy_stack
  wait_for_stack "$(stack_name)"
  finish_wordpress_install
  warn_if_content_diverges
  remove_old_caddyfiles
  remove_unused_image_tags "${WORDPRESS_SERVICES[@]}"
  if monitoring_enabled; then deploy_monitoring_stack; fi
  info "stack $(stack_name) is up after $((SECONDS - start))s"
  print_urls
}

purge_stack_data() {
  local stack="$1" volume name prefix file
  prefix="$(secret_prefix)"
  for volume in wp_content db_data caddy_data; do
    docker volume rm "${stack}_${volume}" >/dev/null 2>&1 && info "removed volume ${stack}_${volume}"
  done
  for name in "${WORDPRESS_SECRETS[@]}"; do
    docker secret rm "${prefix}${name}" >/dev/null 2>&1 && info "removed secret ${prefix}${name}"
  done
  file="$(credentials_path)"
  if [[ -e "${file}" ]]; then
    rm -f "${file}"
    info "removed credentials file ${file}"
  fi
  return 0
}

register_help down "[--purge]" "remove the stack (and the monitoring stack watching it); --purge also their volumes, secrets and credentials"
cmd_down() {
  local purge=0 stack
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --purge) purge=1 ;;
      *) usage_error down "unknown argument \"$1\"" ;;
    esac
    shift
  done
  check_stack_name
  ensure_docker
  stack="$(stack_name)"
  remove_monitoring_stack "${stack}"
  remove_stack "${stack}"
  if ((purge)); then
    purge_monitoring_data
    purge_stack_data "${stack}"
  else
    info "kept volumes and secrets (./wpstack down --purge removes them)"
  fi
}

register_help status "" "the stack's services and replicas, with task errors"
cmd_status() {
  [[ $# -eq 0 ]] || usage_error status "takes no arguments, got \"$*\""
  check_stack_name
  ensure_docker
  local stack
  stack="$(stack_name)"
  stack_exists "${stack}" || die "stack ${stack} is not deployed; run ./wpstack up"
  ensure_exporter_image --if-missing
  if declare -F stack_status >/dev/null; then
    stack_status "${stack}"
  else
    docker stack services --format 'table {{.Name}}\t{{.Replicas}}\t{{.Image}}\t{{.Ports}}' "${stack}"
  fi
  # The newest task of each slot comes first; show its error, if any.
  docker stack ps --format '{{.Name}}\t{{.CurrentState}}\t{{.Error}}' "${stack}" |
    awk -F '\t' '!seen[$1]++ && $3 != "" { print "task error: " $1 " (" $2 "): " $3 }'
}

register_help logs "SERVICE [--follow] [--tail N]" "logs of wordpress, mariadb, adminer, caddy or cron"
cmd_logs() {
  local service="${1:-}" known
  local -a args=() services=("${WORDPRESS_SERVICES[@]}" "${WORDPRESS_HELPER_SERVICES[@]}")
  [[ -n "${service}" ]] || usage_error logs "name a service: ${services[*]}"
  shift
  for known in "${services[@]}"; do
    [[ "${service}" == "${known}" ]] && break
    known=""
  done
  [[ -n "${known}" ]] || usage_error logs "unknown service \"${service}\"; one of: ${services[*]}"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      -f | --follow) args+=(--follow) ;;
      --tail)
        [[ "${2:-}" =~ ^[0-9]+$ ]] || usage_error logs "--tail needs a number"
        args+=(--tail "$2")
        shift
        ;;
      *) usage_error logs "unknown argument \"$1\"" ;;
    esac
    shift
  done
  check_stack_name
  ensure_docker
  docker service logs "${args[@]}" "$(stack_name)_${service}"
}

register_help ca "[--install]" "print the root certificate of Caddy's local CA (TLS=internal), to trust it; --install: trust it on this machine"
cmd_ca() {
  local install=0 container pem file
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --install) install=1 ;;
      *) usage_error ca "unknown argument \"$1\"" ;;
    esac
    shift
  done
  check_stack_name
  ensure_docker
  stack_exists "$(stack_name)" || die "stack $(stack_name) is not deployed; run ./wpstack up --env production (or with TLS=internal)"
  container="$(docker ps -q --filter "label=com.docker.swarm.service.name=$(stack_name)_caddy" | head -n 1)"
  [[ -n "${container}" ]] ||
    die "no Caddy container of stack $(stack_name) runs on this node; run ./wpstack ca on the node Caddy runs on ($(service_nodes caddy | head -n 1))"
  pem="$(docker exec "${container}" cat /data/caddy/pki/authorities/local/root.crt 2>/dev/null)" ||
    die "Caddy of stack $(stack_name) has no local CA: the stack does not use TLS=internal (with DOMAIN and TLS empty, its certificates come from a public CA, which browsers trust already)"
  if ((install == 0)); then
    printf '%s\n' "${pem}"
    return 0
  fi
  is_root || die "--install writes /usr/local/share/ca-certificates: rerun as root, or save ./wpstack ca > wpstack-ca.crt and trust that file yourself"
  file="/usr/local/share/ca-certificates/wpstack-$(stack_name).crt"
  printf '%s\n' "${pem}" >"${file}"
  ensure_command update-ca-certificates ca-certificates
  update-ca-certificates >/dev/null || die "update-ca-certificates failed; see its output by rerunning it by hand"
  info "trusted Caddy's local CA of stack $(stack_name) on this machine (${file}); browsers with their own store (Firefox, Chrome's NSS) need it imported: docs/operations.md#https"
}

register_help credentials "" "print the stack's secrets and WordPress admin as name=value lines"
cmd_credentials() {
  [[ $# -eq 0 ]] || usage_error credentials "takes no arguments, got \"$*\""
  check_stack_name
  local file name
  file="$(credentials_path)"
  [[ -e "${file}" ]] || die "no credentials file at ${file}; ./wpstack up creates it"
  read_credentials
  for name in "${WORDPRESS_CREDENTIALS[@]}"; do
    [[ -n "${WORDPRESS_CREDENTIAL_VALUES[${name}]:-}" ]] &&
      printf '%s=%s\n' "${name}" "${WORDPRESS_CREDENTIAL_VALUES[${name}]}"
  done
  return 0
}

# --- static checks (for ./wpstack test) ----------------------------------------------

# What up computes for the compose files besides the settings (and every NAME_IMAGE, NAME_HASH).
readonly COMPUTED_STACK_VARIABLES=(STACK SECRET_PREFIX SITE_HOST_LIST SITE_SCHEME SITE_URL_FIXED
  MONITORING_STACK MONITORING_SECRET_PREFIX WPSTACK_NETWORK GRAFANA_REPLICAS PROBE_TARGETS_FILE)

# check_stack_variables: every ${VAR} the wpstack and monitoring compose files read is a setting of
# stacks/env/base.env, with the same default there as in the file, or a variable up computes.
check_stack_variables() {
  local file ref name default problems=0 count=0
  load_settings
  for file in stacks/wordpress.yml stacks/wordpress-tls.yml stacks/monitoring.yml stacks/monitoring-email.yml; do
    [[ -f "${WPSTACK_ROOT}/${file}" ]] || continue
    while read -r ref; do
      name="${ref%%[:?]*}"
      count=$((count + 1))
      if [[ -n "${SETTING_DEFAULTS[${name}]+set}" ]]; then
        [[ "${ref}" != *:-* ]] && continue
        default="${ref#*:-}"
        [[ "${default}" == "${SETTING_DEFAULTS[${name}]}" ]] && continue
        warn "${file} defaults ${name} to \"${default}\", ${WORDPRESS_BASE_ENV} to \"${SETTING_DEFAULTS[${name}]}\"; make them one"
      elif [[ "${name}" == *_IMAGE || "${name}" == *_HASH || " ${COMPUTED_STACK_VARIABLES[*]} " == *" ${name} "* ]]; then
        continue
      else
        warn "${file} reads \${${name}}, which is neither a setting of ${WORDPRESS_BASE_ENV} nor computed by up (COMPUTED_STACK_VARIABLES, lib/wordpress.sh); declare it"
      fi
      problems=$((problems + 1))
    done < <(grep -oE '[$][{][A-Z_]+[^}]*[}]' "${WPSTACK_ROOT}/${file}" | sed 's/^[$][{]//; s/[}]$//')
  done
  ((problems == 0)) || die "${problems} compose variables are not declared once (above)"
  info "${count} variable references of the compose files: each a setting of ${WORDPRESS_BASE_ENV} (same default) or computed by up"
}

# render_wordpress_stack ENV: print `docker stack config` of the stack for ENV, with
# the TLS file when ENV turns TLS on; fails when the files do not render.
render_wordpress_stack() {
  local name
  local -a files
  (
    load_environment "$1"
    check_settings
    export STACK="wpstack" SECRET_PREFIX="" CADDYFILE_HASH="static-check"
    for name in "${WORDPRESS_SERVICES[@]}"; do
      export "${name^^}_IMAGE=wpstack/${name}:latest"
    done
    mapfile -t files < <(stack_file_args)
    docker stack config "${files[@]}"
  )
}

# validate_caddyfile [IMAGE]: `caddy validate` of config/caddy/Caddyfile in the caddy
# image, through its entrypoint, for each TLS variant (plain, DOMAIN, TLS=internal, both, and
# TLS=internal for a node address on other ports).
validate_caddyfile() {
  local image="${1:-wpstack/caddy:latest}" secrets variant setting log
  local -a env_args settings
  secrets="$(mktemp -d)"
  printf 'static-check\n' >"${secrets}/lb_admin_user"
  printf 'static-check-password\n' >"${secrets}/lb_admin_pass"
  chmod 0755 "${secrets}"
  chmod 0644 "${secrets}"/*
  log="$(log_file caddy-validate)"
  for variant in "" "DOMAIN=example.com" "TLS=internal" "DOMAIN=example.com TLS=internal" \
    "TLS=internal SITE_HOSTS=192.0.2.10 HTTP_PORT=8080 HTTPS_PORT=8443"; do
    env_args=()
    read -r -a settings <<<"${variant}"
    for setting in "${settings[@]}"; do env_args+=(-e "${setting}"); done
    if ! docker run --rm "${env_args[@]}" -v "${secrets}:/run/secrets:ro" \
      -v "${WPSTACK_ROOT}/${WORDPRESS_CADDYFILE}:/etc/caddy/Caddyfile:ro" "${image}" \
      caddy validate --config /etc/caddy/Caddyfile --adapter caddyfile >"${log}" 2>&1; then
      rm -rf "${secrets}"
      tail -n 5 "${log}" >&2
      die "${WORDPRESS_CADDYFILE} is invalid with ${variant:-no TLS} (log: ${log})"
    fi
    info "Caddyfile valid with ${variant:-plain HTTP}"
  done
  rm -rf "${secrets}"
}
