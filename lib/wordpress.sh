# shellcheck shell=bash
# wordpress.sh: the settings of stacks/env/ as bash reads them, for what is still bash: the
# monitoring configs' static checks of ./wpstack test (lib/monitoring.sh). The CLI (cli/) reads
# them in Java (io.wpstack.cli.settings, io.wpstack.cli.deploy.Settings).

readonly WORDPRESS_ENV_DIR="stacks/env"

# --- settings ----------------------------------------------------------------

stack_name() { printf '%s\n' "${WPSTACK_STACK:-wpstack}"; }

# secret_prefix: "" for the default stack (the original secret names), "NAME_" otherwise.
secret_prefix() { stack_secret_prefix "$(stack_name)" wpstack; }

readonly WORDPRESS_BASE_ENV="${WORDPRESS_ENV_DIR}/base.env"

# The settings, from stacks/env/base.env: names in order, their defaults and meanings; where each
# loaded value came from (base.env, an environment's file, or WPSTACK_NAME).
declare -ga SETTING_NAMES=()
declare -gA SETTING_DEFAULTS=() SETTING_SOURCES=()

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
  # shellcheck disable=SC2034 # read by lib/monitoring.sh
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

# --- the site's address (for the probe targets) ---------------------------------

site_scheme() { if tls_enabled; then printf 'https\n'; else printf 'http\n'; fi; }

# site_port: the port Caddy publishes for the site's scheme.
site_port() { if tls_enabled; then printf '%s\n' "${HTTPS_PORT}"; else printf '%s\n' "${HTTP_PORT}"; fi; }

# local_site_url: the site by its name on this machine (DOMAIN, else localhost), for the probes.
local_site_url() {
  url_for "$(site_scheme)" "${DOMAIN:-localhost}" "$(site_port)" "$(default_port "$(site_scheme)")"
}

default_port() { if [[ "$1" == https ]]; then printf '443\n'; else printf '80\n'; fi; }

# url_for SCHEME HOST PORT DEFAULT_PORT
url_for() {
  if [[ "$3" == "$4" ]]; then
    printf '%s://%s\n' "$1" "$2"
  else
    printf '%s://%s:%s\n' "$1" "$2" "$3"
  fi
}

