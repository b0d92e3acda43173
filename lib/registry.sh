# shellcheck shell=bash
# registry.sh: the private registry (stack "registry") and pushing images to it.
#
#   ./wpstack registry up [--name NAME] [--port PORT] [--auth|--no-auth]
#   ./wpstack registry trust [--name NAME] [--port PORT]
#   ./wpstack registry down [--purge]
#   ./wpstack registry status
#   push_images REGISTRY VERSION      (./wpstack build --push)
#
# State (gitignored, under .wpstack/registry/): ca.key (0600) and ca.crt, the CA every node
# trusts; STACK/server.{key,crt} the registry's certificate, STACK/settings (name, port, auth),
# STACK/htpasswd and STACK/auth (user and password) when basic auth is on.
#
# Environment:
#   WPSTACK_REGISTRY_STACK   stack name (default registry); another name has its own state
#   WPSTACK_REGISTRY_IMAGE   deploy this image (present on the engine) instead of building one

readonly REGISTRY_STACK_FILE="stacks/registry.yml"
readonly REGISTRY_AUTH_STACK_FILE="stacks/registry-auth.yml"
readonly REGISTRY_CONFIG_FILE="config/registry/config.yml"
readonly REGISTRY_DEFAULT_NAME="wpstack-registry.internal"
readonly REGISTRY_DEFAULT_PORT=5001
readonly REGISTRY_AUTH_USER="wpstack"
readonly REGISTRY_CERTS_DIR="/etc/docker/certs.d"
readonly REGISTRY_HOSTS_MARK="# wpstack registry"
readonly REGISTRY_CA_DAYS=3650
readonly REGISTRY_CERT_DAYS=825
readonly REGISTRY_RENEW_SECONDS=$((30 * 24 * 3600))
readonly REGISTRY_UP_TIMEOUT=120

build_image_registry() { build_image registry "$1"; }

# --- settings ------------------------------------------------------------------------

registry_stack() { printf '%s\n' "${WPSTACK_REGISTRY_STACK:-registry}"; }

check_registry_stack() {
  check_stack_name_value WPSTACK_REGISTRY_STACK "$(registry_stack)"
}

registry_ca_dir() { printf '%s/registry\n' "${WPSTACK_STATE_DIR}"; }
registry_state_dir() { printf '%s/registry/%s\n' "${WPSTACK_STATE_DIR}" "$(registry_stack)"; }

# Current settings: flags, else the saved ones, else the defaults.
REGISTRY_NAME=""
REGISTRY_PORT=""
REGISTRY_AUTH=""

# load_registry_settings: the saved name, port and auth of this stack, where not set by a flag.
load_registry_settings() {
  local file line key value
  file="$(registry_state_dir)/settings"
  if [[ -f "${file}" ]]; then
    while IFS= read -r line || [[ -n "${line}" ]]; do
      key="${line%%=*}"
      value="${line#*=}"
      case "${key}" in
        NAME) [[ -n "${REGISTRY_NAME}" ]] || REGISTRY_NAME="${value}" ;;
        PORT) [[ -n "${REGISTRY_PORT}" ]] || REGISTRY_PORT="${value}" ;;
        AUTH) [[ -n "${REGISTRY_AUTH}" ]] || REGISTRY_AUTH="${value}" ;;
      esac
    done <"${file}"
  fi
  REGISTRY_NAME="${REGISTRY_NAME:-${REGISTRY_DEFAULT_NAME}}"
  REGISTRY_PORT="${REGISTRY_PORT:-${REGISTRY_DEFAULT_PORT}}"
  REGISTRY_AUTH="${REGISTRY_AUTH:-0}"
}

save_registry_settings() {
  local dir
  dir="$(registry_state_dir)"
  mkdir -p "${dir}"
  printf 'NAME=%s\nPORT=%s\nAUTH=%s\n' "${REGISTRY_NAME}" "${REGISTRY_PORT}" "${REGISTRY_AUTH}" >"${dir}/settings"
}

registry_address() { printf '%s:%s\n' "${REGISTRY_NAME}" "${REGISTRY_PORT}"; }

# check_registry_name COMMAND NAME: a DNS name Docker accepts as a registry host.
check_registry_name() {
  local label='[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?'
  [[ "$2" =~ ^${label}(\.${label})*$ && ${#2} -le 253 ]] ||
    usage_error "$1" "--name \"$2\" is not a host name (lower-case letters, digits, dots and dashes, e.g. ${REGISTRY_DEFAULT_NAME})"
}

# check_registry_port COMMAND PORT
check_registry_port() {
  if [[ "$2" =~ ^[0-9]{1,5}$ ]] && ((10#$2 >= 1 && 10#$2 <= 65535)); then return 0; fi
  usage_error "$1" "--port \"$2\" is not a port number (1-65535), e.g. --port ${REGISTRY_DEFAULT_PORT}"
}

# parse_registry_flags COMMAND ARGS...: --name, --port, and for up --auth/--no-auth.
parse_registry_flags() {
  local command="$1"
  shift
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --name | --port)
        [[ $# -ge 2 && -n "$2" ]] || usage_error "${command}" "$1 needs a value"
        registry_flag "${command}" "$1" "$2"
        shift 2
        ;;
      --name=* | --port=*)
        registry_flag "${command}" "${1%%=*}" "${1#*=}"
        shift
        ;;
      --auth | --no-auth)
        [[ "${command}" == "registry up" ]] || usage_error "${command}" "unknown argument \"$1\""
        REGISTRY_AUTH="$([[ "$1" == --auth ]] && echo 1 || echo 0)"
        shift
        ;;
      *) usage_error "${command}" "unknown argument \"$1\"" ;;
    esac
  done
  load_registry_settings
}

registry_flag() {
  case "$2" in
    --name)
      check_registry_name "$1" "$3"
      REGISTRY_NAME="$3"
      ;;
    --port)
      check_registry_port "$1" "$3"
      REGISTRY_PORT="$((10#$3))"
      ;;
  esac
}

# --- certificates ----------------------------------------------------------------------

ensure_openssl() { ensure_command openssl; }

# cert_valid_for_a_while CERT: exists and does not expire within REGISTRY_RENEW_SECONDS.
cert_valid_for_a_while() {
  [[ -s "$1" ]] && openssl x509 -in "$1" -noout -checkend "${REGISTRY_RENEW_SECONDS}" >/dev/null 2>&1
}

# ensure_registry_ca: the CA (key mode 0600), made once and reused, so nodes that trust it keep
# trusting every later server certificate.
ensure_registry_ca() {
  local dir log
  dir="$(registry_ca_dir)"
  if [[ -s "${dir}/ca.key" ]] && cert_valid_for_a_while "${dir}/ca.crt"; then
    return 0
  fi
  mkdir -p "${dir}"
  chmod 0700 "${dir}"
  log="$(log_file registry-openssl)"
  info "generating the registry CA (${dir}/ca.crt; its key stays in ${dir}/ca.key, mode 0600)"
  (
    umask 077
    openssl req -x509 -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 \
      -days "${REGISTRY_CA_DAYS}" -subj "/CN=wpstack registry CA $(hostname)" \
      -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -keyout "${dir}/ca.key" -out "${dir}/ca.crt"
  ) >"${log}" 2>&1 || openssl_failed "${log}" "generating the CA"
  chmod 0644 "${dir}/ca.crt"
}

openssl_failed() {
  tail -n 10 "$1" >&2
  die "openssl failed $2 (log: $1); check the openssl version (3.x needed) and free space in $(registry_ca_dir)"
}

# host_addresses: this machine's IPv4 addresses (global scope).
host_addresses() {
  command -v ip >/dev/null || return 0
  # Not Docker's own bridges: nothing outside reaches the registry there.
  ip -4 -o addr show scope global 2>/dev/null |
    awk '$2 !~ /^(docker|br-|veth)/ { sub(/\/.*/, "", $4); print $4 }'
}

# swarm_node_addresses: every swarm node's address (the registry may run on any manager).
swarm_node_addresses() {
  local -a nodes=()
  mapfile -t nodes < <(docker node ls -q 2>/dev/null)
  ((${#nodes[@]} > 0)) || return 0
  docker node inspect --format '{{.Status.Addr}}' "${nodes[@]}" 2>/dev/null
}

# registry_san: the subjectAltName for NAME: the name, localhost, 127.0.0.1, the addresses of
# this machine and of every swarm node, sorted (so an unchanged list keeps the certificate).
registry_san() {
  local addr
  {
    printf 'DNS:%s\nDNS:localhost\nIP:127.0.0.1\n' "${REGISTRY_NAME}"
    { host_addresses; swarm_node_addresses; } | while read -r addr; do
      [[ "${addr}" =~ ^[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+$ && "${addr}" != 0.0.0.0 ]] && printf 'IP:%s\n' "${addr}"
    done
  } | sort -u | paste -sd, -
}

# server_cert_current SAN: the certificate exists, was signed by the current CA for this SAN,
# and does not expire soon.
server_cert_current() {
  local dir ca_dir
  dir="$(registry_state_dir)"
  ca_dir="$(registry_ca_dir)"
  [[ -s "${dir}/server.key" && "$(cat "${dir}/server.san" 2>/dev/null)" == "$1" ]] || return 1
  cert_valid_for_a_while "${dir}/server.crt" || return 1
  openssl verify -CAfile "${ca_dir}/ca.crt" "${dir}/server.crt" >/dev/null 2>&1
}

# ensure_server_cert: the registry's certificate for NAME (kept while it still fits).
ensure_server_cert() {
  local dir ca_dir san ext log
  dir="$(registry_state_dir)"
  ca_dir="$(registry_ca_dir)"
  san="$(registry_san)"
  server_cert_current "${san}" && return 0
  mkdir -p "${dir}"
  chmod 0700 "${dir}"
  log="$(log_file registry-openssl)"
  ext="${dir}/server.ext"
  printf 'subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n' \
    "${san}" >"${ext}"
  info "generating the registry certificate for ${san}"
  (
    umask 077
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -sha256 \
      -subj "/CN=${REGISTRY_NAME}" -keyout "${dir}/server.key" -out "${dir}/server.csr" &&
      openssl x509 -req -sha256 -days "${REGISTRY_CERT_DAYS}" -in "${dir}/server.csr" \
        -CA "${ca_dir}/ca.crt" -CAkey "${ca_dir}/ca.key" -CAcreateserial -CAserial "${ca_dir}/ca.srl" \
        -extfile "${ext}" -out "${dir}/server.crt"
  ) >"${log}" 2>&1 || openssl_failed "${log}" "signing the registry certificate"
  rm -f "${dir}/server.csr" "${ext}"
  printf '%s\n' "${san}" >"${dir}/server.san"
}

# --- basic auth ------------------------------------------------------------------------

# registry_auth_password: the saved password (generated once).
registry_auth_password() {
  local file
  file="$(registry_state_dir)/auth"
  if [[ ! -s "${file}" ]]; then
    (umask 077 && printf '%s\n' "$(head -c 48 /dev/urandom | base64 -w 0 | tr -d '/+=' | cut -c 1-32)" >"${file}")
  fi
  head -n 1 "${file}"
}

# ensure_htpasswd: STACK/htpasswd (bcrypt, which the registry requires) for the saved password.
ensure_htpasswd() {
  local dir password
  dir="$(registry_state_dir)"
  password="$(registry_auth_password)"
  if [[ -s "${dir}/htpasswd" ]] && command -v htpasswd >/dev/null &&
    htpasswd -vb "${dir}/htpasswd" "${REGISTRY_AUTH_USER}" "${password}" >/dev/null 2>&1; then
    return 0
  fi
  ensure_command htpasswd apache2-utils
  (umask 077 && htpasswd -Bbn "${REGISTRY_AUTH_USER}" "${password}" >"${dir}/htpasswd") ||
    die "htpasswd could not write ${dir}/htpasswd; check that folder, then rerun"
  info "basic auth: user ${REGISTRY_AUTH_USER}, password in ${dir}/auth (mode 0600)"
}

# --- secrets and configs ---------------------------------------------------------------

content_hash() { cat "$@" | sha256sum | cut -c 1-12; }

# ensure_registry_secret NAME FILE: a Swarm secret from FILE, unless it exists (the name holds
# the content hash, so an existing one has the same content).
ensure_registry_secret() {
  docker secret inspect "$1" >/dev/null 2>&1 && return 0
  docker secret create --label "io.wpstack.stack=$(registry_stack)" "$1" "$2" >/dev/null ||
    die "creating the Docker secret $1 failed; check docker info and rerun"
  info "created secret $1"
}

ensure_registry_secrets() {
  local stack dir
  stack="$(registry_stack)"
  dir="$(registry_state_dir)"
  REGISTRY_TLS_HASH="$(content_hash "${dir}/server.crt" "${dir}/server.key")"
  ensure_registry_secret "${stack}_tls_crt_${REGISTRY_TLS_HASH}" "${dir}/server.crt"
  ensure_registry_secret "${stack}_tls_key_${REGISTRY_TLS_HASH}" "${dir}/server.key"
  REGISTRY_HTPASSWD_HASH=""
  if [[ "${REGISTRY_AUTH}" == 1 ]]; then
    REGISTRY_HTPASSWD_HASH="$(content_hash "${dir}/htpasswd")"
    ensure_registry_secret "${stack}_htpasswd_${REGISTRY_HTPASSWD_HASH}" "${dir}/htpasswd"
  fi
}

# remove_unused_registry_objects: this stack's older secrets and configs (in use ones stay:
# docker refuses to remove them).
remove_unused_registry_objects() {
  local stack name
  stack="$(registry_stack)"
  while read -r name; do
    case "${name}" in
      "${stack}_tls_crt_${REGISTRY_TLS_HASH}" | "${stack}_tls_key_${REGISTRY_TLS_HASH}") continue ;;
      "${stack}_htpasswd_${REGISTRY_HTPASSWD_HASH}") [[ -n "${REGISTRY_HTPASSWD_HASH}" ]] && continue ;;
    esac
    docker secret rm "${name}" >/dev/null 2>&1 && info "removed old secret ${name}"
  done < <(registry_secret_names)
  while read -r name; do
    [[ "${name}" == "${stack}_config_${REGISTRY_CONFIG_HASH}" ]] && continue
    docker config rm "${name}" >/dev/null 2>&1 || true
  done < <(docker config ls --filter "name=${stack}_config_" --format '{{.Name}}')
  return 0
}

registry_secret_names() {
  local stack
  stack="$(registry_stack)"
  docker secret ls --filter "label=io.wpstack.stack=${stack}" --format '{{.Name}}' |
    grep -E "^${stack}_(tls_crt|tls_key|htpasswd)_[0-9a-f]{12}$" || true
}

# --- placement, image, ports -----------------------------------------------------------

# registry_constraint: on the node labelled wpstack.registry=true when there is one, else on a
# manager (where `registry up` builds the image).
registry_constraint() {
  local labelled
  labelled="$(docker node ls -q --filter node.label=wpstack.registry=true 2>/dev/null | head -n 1)"
  if [[ -n "${labelled}" ]]; then
    printf 'node.labels.wpstack.registry == true\n'
  else
    printf 'node.role == manager\n'
  fi
}

# registry_image: WPSTACK_REGISTRY_IMAGE when set (an image the registry's node already has, e.g.
# loaded there: an engine without Debian's mirror cannot build it), else the registry image, built
# (from cache when unchanged, about a second) and tagged by content, so a changed image rolls the
# service.
registry_image() {
  if [[ -n "${WPSTACK_REGISTRY_IMAGE:-}" ]]; then
    image_exists "${WPSTACK_REGISTRY_IMAGE}" ||
      die "WPSTACK_REGISTRY_IMAGE=${WPSTACK_REGISTRY_IMAGE} is not an image of this engine; load it (docker save IMAGE | docker load), or unset it to build the image"
    printf '%s\n' "${WPSTACK_REGISTRY_IMAGE}"
    return 0
  fi
  ensure_base_image
  build_image registry "$(wpstack_version)"
  content_tag registry
}

# check_registry_port_free: PORT is free, or this stack's registry holds it (a redeploy).
check_registry_port_free() {
  # /proc/net/tcp shows this machine's ports only; a remote engine's bind error shows in the tasks.
  local_engine || return 0
  check_port_free "${REGISTRY_PORT}" "$(registry_stack)_registry" "./wpstack registry up --port PORT"
}

# --- where the registry runs -------------------------------------------------------------

# What identifies a registry task's spec: image, secrets and config (all content-named).
readonly REGISTRY_SPEC_FORMAT='{{.Image}}{{range .Secrets}} {{.SecretName}}{{end}}{{range .Configs}} {{.ConfigName}}{{end}}'

# registry_task_node: the node of the running registry task with the service's current spec
# (empty when none runs yet, e.g. mid-update, while the old task still answers).
registry_task_node() {
  local service want task node have
  service="$(registry_stack)_registry"
  want="$(docker service inspect --format "{{with .Spec.TaskTemplate.ContainerSpec}}${REGISTRY_SPEC_FORMAT}{{end}}" "${service}" 2>/dev/null)" ||
    return 0
  while read -r task; do
    have="$(docker inspect --format "{{.Status.State}} {{.NodeID}} {{with .Spec.ContainerSpec}}${REGISTRY_SPEC_FORMAT}{{end}}" "${task}" 2>/dev/null)" ||
      continue
    [[ "${have}" == "running "* ]] || continue
    have="${have#running }"
    node="${have%% *}"
    [[ "${have#* }" == "${want}" ]] || continue
    docker node inspect --format '{{.Description.Hostname}}' "${node}"
    return 0
  done < <(docker service ps -q --filter desired-state=running "${service}" 2>/dev/null)
}

# this_node_name: the engine's node name when that engine runs on this machine; empty for a
# remote DOCKER_HOST (its nodes are then reached at their swarm addresses, never loopback).
this_node_name() {
  local_engine || return 0
  docker info --format '{{.Name}}' 2>/dev/null
}

# registry_node_addr: the address other machines reach the registry at, for /etc/hosts. On
# this node, the default route's address rather than 127.0.0.1: Docker treats a registry whose
# name resolves to a loopback address as insecure and would skip checking its certificate.
registry_node_addr() {
  local node addr self
  node="$(registry_task_node)"
  self="$(this_node_name)"
  if [[ -n "${node}" && "${node}" != "${self}" ]]; then
    addr="$(docker node inspect --format '{{.Status.Addr}}' "${node}" 2>/dev/null || true)"
    [[ -n "${addr}" && "${addr}" != 127.* && "${addr}" != 0.0.0.0 ]] && {
      printf '%s\n' "${addr}"
      return 0
    }
  fi
  if ! default_route_addr; then
    warn "no non-loopback address found; using 127.0.0.1 for ${REGISTRY_NAME} (Docker then skips checking the registry's certificate)"
    printf '127.0.0.1\n'
  fi
}

# wait_for_registry: https://NAME:PORT/v2/ answers through TLS with our CA (200, or 401 with
# auth), reached on the node the task runs on.
wait_for_registry() {
  local start=${SECONDS} url code="" addr ca
  url="https://$(registry_address)/v2/"
  ca="$(registry_ca_dir)/ca.crt"
  ensure_command curl
  info "waiting for ${url} (at most ${REGISTRY_UP_TIMEOUT}s)"
  while ((SECONDS - start < REGISTRY_UP_TIMEOUT)); do
    if [[ -n "$(registry_task_node)" ]]; then
      addr="$(registry_curl_addr)"
      code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "${ca}" \
        --resolve "${REGISTRY_NAME}:${REGISTRY_PORT}:${addr}" "${url}" 2>/dev/null || true)"
      [[ "${code}" == 200 || "${code}" == 401 ]] && {
        info "registry answers at ${url} after $((SECONDS - start))s"
        return 0
      }
    fi
    sleep 2
  done
  docker service ps --no-trunc --format '{{.Name}} {{.Node}} {{.CurrentState}} {{.Error}}' "$(registry_stack)_registry" 2>/dev/null | head -n 3 >&2
  die "the registry did not answer at ${url} within ${REGISTRY_UP_TIMEOUT}s (last HTTP status: ${code:-none}); see the tasks above and docker service logs $(registry_stack)_registry"
}

# registry_curl_addr: where to reach the task from here (loopback when it runs on this node).
registry_curl_addr() {
  local node self
  node="$(registry_task_node)"
  self="$(this_node_name)"
  if [[ "${node}" == "${self}" ]]; then
    printf '127.0.0.1\n'
  else
    docker node inspect --format '{{.Status.Addr}}' "${node}"
  fi
}

# --- deployment ------------------------------------------------------------------------

registry_stack_files() {
  printf '%s\n' -c "${WPSTACK_ROOT}/${REGISTRY_STACK_FILE}"
  if [[ "${REGISTRY_AUTH}" == 1 ]]; then printf '%s\n' -c "${WPSTACK_ROOT}/${REGISTRY_AUTH_STACK_FILE}"; fi
}

deploy_registry_stack() {
  local stack log
  local -a files
  stack="$(registry_stack)"
  mapfile -t files < <(registry_stack_files)
  log="$(log_file "deploy-${stack}")"
  info "deploying stack ${stack} (${REGISTRY_IMAGE}, port ${REGISTRY_PORT}, ${REGISTRY_CONSTRAINT})"
  STACK="${stack}" REGISTRY_IMAGE="${REGISTRY_IMAGE}" REGISTRY_PORT="${REGISTRY_PORT}" \
    REGISTRY_CONSTRAINT="${REGISTRY_CONSTRAINT}" REGISTRY_CONFIG_HASH="${REGISTRY_CONFIG_HASH}" \
    REGISTRY_TLS_HASH="${REGISTRY_TLS_HASH}" REGISTRY_HTPASSWD_HASH="${REGISTRY_HTPASSWD_HASH}" \
    stack_deploy --prune --resolve-image never "${files[@]}" "${stack}" >"${log}" 2>&1 || {
    cat "${log}" >&2
    die "docker stack deploy ${stack} failed (output above); fix the cause and rerun ./wpstack registry up"
  }
}

# trusted_here: this engine has our CA for NAME:PORT.
trusted_here() {
  cmp -s "$(registry_ca_dir)/ca.crt" "${REGISTRY_CERTS_DIR}/$(registry_address)/ca.crt"
}

registry_up() {
  local start=${SECONDS}
  check_registry_stack
  ensure_docker
  ensure_swarm
  check_registry_port_free
  ensure_openssl
  ensure_registry_ca
  ensure_server_cert
  [[ "${REGISTRY_AUTH}" == 1 ]] && ensure_htpasswd
  save_registry_settings
  ensure_registry_secrets
  REGISTRY_CONFIG_HASH="$(content_hash "${WPSTACK_ROOT}/${REGISTRY_CONFIG_FILE}")"
  REGISTRY_CONSTRAINT="$(registry_constraint)"
  REGISTRY_IMAGE="$(registry_image)"
  deploy_registry_stack
  wait_for_registry
  remove_unused_registry_objects
  info "registry $(registry_address) is up after $((SECONDS - start))s"
  if trusted_here && [[ "${REGISTRY_AUTH}" != 1 ]]; then
    info "this engine already trusts it; push with: ./wpstack build --push --registry $(registry_address)"
  else
    info "next: $(registry_stack_hint)./wpstack registry trust$(registry_flags_hint) (this node: CA, name, and login with auth), then ./wpstack build --push --registry $(registry_address)"
  fi
}

# registry_stack_hint: WPSTACK_REGISTRY_STACK=NAME when not the default stack.
registry_stack_hint() {
  [[ "$(registry_stack)" == registry ]] || printf 'WPSTACK_REGISTRY_STACK=%s ' "$(registry_stack)"
}

# registry_flags_hint: the flags that repeat a non-default name and port.
registry_flags_hint() {
  [[ "${REGISTRY_NAME}" == "${REGISTRY_DEFAULT_NAME}" ]] || printf ' --name %s' "${REGISTRY_NAME}"
  [[ "${REGISTRY_PORT}" == "${REGISTRY_DEFAULT_PORT}" ]] || printf ' --port %s' "${REGISTRY_PORT}"
}

# --- trust -------------------------------------------------------------------------------

# install_registry_ca: REGISTRY_CERTS_DIR/NAME:PORT/ca.crt (Docker reads it per connection:
# no daemon restart).
install_registry_ca() {
  local ca target
  ca="$(registry_ca_dir)/ca.crt"
  target="${REGISTRY_CERTS_DIR}/$(registry_address)/ca.crt"
  if trusted_here; then
    info "this engine already trusts $(registry_address) (${target})"
    return 0
  fi
  install -D -m 0644 "${ca}" "${target}" ||
    die "cannot write ${target}; run ./wpstack registry trust as root"
  info "installed the registry CA at ${target}"
}

# ensure_registry_resolves: NAME resolves, else an /etc/hosts line (marked) for it.
ensure_registry_resolves() {
  local resolved addr
  resolved="$(getent hosts "${REGISTRY_NAME}" | awk '{ print $1; exit }' || true)"
  if [[ -n "${resolved}" ]]; then
    info "${REGISTRY_NAME} resolves to ${resolved}"
    [[ "${resolved}" == 127.* || "${resolved}" == ::1 ]] &&
      warn "${REGISTRY_NAME} resolves to a loopback address: Docker then treats the registry as insecure and skips its certificate; point it at the node's own address"
    return 0
  fi
  addr="$(registry_node_addr)"
  printf '%s %s %s\n' "${addr}" "${REGISTRY_NAME}" "${REGISTRY_HOSTS_MARK}" >>/etc/hosts ||
    die "cannot add ${REGISTRY_NAME} to /etc/hosts; run as root, or add \"${addr} ${REGISTRY_NAME}\" to your DNS"
  info "${REGISTRY_NAME} did not resolve: added \"${addr} ${REGISTRY_NAME}\" to /etc/hosts"
}

# registry_login: with basic auth, log this engine's client in (saved in ~/.docker/config.json;
# deploys pass it to the nodes with --with-registry-auth).
registry_login() {
  [[ "${REGISTRY_AUTH}" == 1 ]] || return 0
  registry_auth_password | docker login --username "${REGISTRY_AUTH_USER}" --password-stdin "$(registry_address)" >/dev/null 2>&1 ||
    die "docker login $(registry_address) failed; check ./wpstack registry status and that $(registry_state_dir)/auth matches the deployed htpasswd (rerun ./wpstack registry up)"
  info "logged in to $(registry_address) as ${REGISTRY_AUTH_USER}"
}

# remote_trust_command: one shell command (as root) that makes another node trust the registry.
remote_trust_command() {
  local dir ca addr
  dir="${REGISTRY_CERTS_DIR}/$(registry_address)"
  ca="$(base64 -w 0 "$(registry_ca_dir)/ca.crt")"
  addr="$(registry_node_addr)"
  printf "mkdir -p '%s' && echo '%s' | base64 -d > '%s/ca.crt' && { getent hosts %s >/dev/null || echo '%s %s %s' >> /etc/hosts; }\n" \
    "${dir}" "${ca}" "${dir}" "${REGISTRY_NAME}" "${addr}" "${REGISTRY_NAME}" "${REGISTRY_HOSTS_MARK}"
}

registry_trust() {
  [[ -s "$(registry_ca_dir)/ca.crt" ]] ||
    die "no registry CA in $(registry_ca_dir); run ./wpstack registry up first (on the manager that holds .wpstack/registry)"
  is_root || die "./wpstack registry trust writes ${REGISTRY_CERTS_DIR} and /etc/hosts; rerun as root"
  ensure_docker
  install_registry_ca
  ensure_registry_resolves
  registry_login
  info "on every other node, as root, run this one command (it installs the CA and names the registry):"
  remote_trust_command
}

# --- down and status ---------------------------------------------------------------------

# remove_local_trust: the certs.d folder and the /etc/hosts line that trust added.
remove_local_trust() {
  local dir tmp
  dir="${REGISTRY_CERTS_DIR}/$(registry_address)"
  if [[ -e "${dir}" ]]; then
    rm -rf "${dir}"
    info "removed ${dir}"
  fi
  if grep -qE "[[:space:]]${REGISTRY_NAME//./\\.} ${REGISTRY_HOSTS_MARK}\$" /etc/hosts 2>/dev/null; then
    tmp="$(grep -vE "[[:space:]]${REGISTRY_NAME//./\\.} ${REGISTRY_HOSTS_MARK}\$" /etc/hosts)"
    printf '%s\n' "${tmp}" >/etc/hosts
    info "removed ${REGISTRY_NAME} from /etc/hosts"
  fi
}

purge_registry() {
  local stack name start=${SECONDS}
  stack="$(registry_stack)"
  if docker volume inspect "${stack}_data" >/dev/null 2>&1; then
    until docker volume rm "${stack}_data" >/dev/null 2>&1; do
      ((SECONDS - start < 30)) || die "cannot remove volume ${stack}_data (still in use?); see docker ps -a, then rerun ./wpstack registry down --purge"
      sleep 1
    done
    info "removed volume ${stack}_data (the pushed images)"
  fi
  while read -r name; do
    docker secret rm "${name}" >/dev/null 2>&1 && info "removed secret ${name}"
  done < <(registry_secret_names)
  remove_local_trust
  rm -rf "$(registry_state_dir)"
  info "removed $(registry_state_dir); the CA ($(registry_ca_dir)/ca.crt) is kept, so nodes that trust it go on trusting a new registry"
}

registry_down() {
  local purge="$1" stack
  check_registry_stack
  ensure_docker
  stack="$(registry_stack)"
  remove_stack "${stack}"
  if ((purge)); then
    purge_registry
  else
    info "kept the volume ${stack}_data (the pushed images), secrets and certificate (./wpstack registry down --purge removes them)"
  fi
}

registry_status() {
  local stack dir code
  check_registry_stack
  ensure_docker
  stack="$(registry_stack)"
  dir="$(registry_state_dir)"
  printf 'registry:    %s (stack %s, basic auth %s)\n' "$(registry_address)" "${stack}" \
    "$([[ "${REGISTRY_AUTH}" == 1 ]] && echo on || echo off)"
  if [[ -s "${dir}/server.crt" ]]; then
    printf 'certificate: %s, %s\n' "$(openssl x509 -in "${dir}/server.crt" -noout -enddate)" "$(cat "${dir}/server.san" 2>/dev/null)"
  else
    printf 'certificate: none yet (./wpstack registry up makes it)\n'
  fi
  printf 'this engine: %s\n' "$(trusted_here && echo "trusts it (${REGISTRY_CERTS_DIR}/$(registry_address)/ca.crt)" ||
    echo "does not trust it ($(registry_stack_hint)./wpstack registry trust$(registry_flags_hint))")"
  stack_exists "${stack}" || die "stack ${stack} is not deployed; run ./wpstack registry up$(registry_flags_hint)"
  docker service ps --filter desired-state=running --format 'task:        {{.Name}} on {{.Node}}, {{.CurrentState}}' "${stack}_registry"
  if [[ -n "$(registry_task_node)" ]]; then
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$(registry_ca_dir)/ca.crt" \
      --resolve "${REGISTRY_NAME}:${REGISTRY_PORT}:$(registry_curl_addr)" "https://$(registry_address)/v2/" || true)"
    printf 'https:       /v2/ answers %s\n' "${code:-nothing}"
  fi
}

# --- pushing (./wpstack build --push) ----------------------------------------------------

# check_push_registry VALUE: HOST[:PORT], as docker accepts it in an image reference, and
# trusted here (checked before the builds, so a missing step fails in a second, not after them).
check_push_registry() {
  is_registry_address "$1" ||
    usage_error build "--registry \"$1\" is not HOST:PORT, e.g. --registry ${REGISTRY_DEFAULT_NAME}:${REGISTRY_DEFAULT_PORT}"
  check_push_trust "$1"
}

# default_push_registry: NAME:PORT of the registry `./wpstack registry up` deployed.
default_push_registry() {
  [[ -f "$(registry_state_dir)/settings" ]] ||
    usage_error build "no registry to push to: pass --registry NAME:PORT, or deploy one with ./wpstack registry up"
  load_registry_settings
  registry_address
}

# wpstack_made_registry REGISTRY: it is one `registry up` deployed from here (any stack);
# sets REGISTRY_NAME, REGISTRY_PORT and REGISTRY_AUTH from its settings.
wpstack_made_registry() {
  local file
  for file in "$(registry_ca_dir)"/*/settings; do
    [[ -f "${file}" ]] || continue
    REGISTRY_NAME="" REGISTRY_PORT="" REGISTRY_AUTH=""
    WPSTACK_REGISTRY_STACK="$(basename "$(dirname "${file}")")" load_registry_settings
    [[ "$(registry_address)" == "$1" ]] && return 0
  done
  return 1
}

local_engine() { [[ -z "${DOCKER_HOST:-}" || "${DOCKER_HOST}" == unix://* ]]; }

# untrusted_message REGISTRY: what to do when the engine does not trust the registry.
untrusted_message() {
  local host="${1%%:*}" port="${1##*:}"
  [[ "$1" == *:* ]] || port=443
  printf "the registry's certificate is not trusted by this Docker engine: run ./wpstack registry trust --name %s --port %s (as root, on this node; it installs %s/%s/ca.crt), then rerun" \
    "${host}" "${port}" "${REGISTRY_CERTS_DIR}" "$1"
}

# check_push_trust REGISTRY: for a registry wpstack deployed and a local engine, its CA is in
# certs.d and its name resolves, before anything is pushed.
check_push_trust() {
  local registry="$1"
  local_engine || return 0
  wpstack_made_registry "${registry}" || return 0
  [[ -s "${REGISTRY_CERTS_DIR}/${registry}/ca.crt" ]] || die "$(untrusted_message "${registry}")"
  getent hosts "${REGISTRY_NAME}" >/dev/null ||
    die "${REGISTRY_NAME} does not resolve on this node: run ./wpstack registry trust --name ${REGISTRY_NAME} --port ${REGISTRY_PORT} (adds it to /etc/hosts), then rerun"
}

# push_failed REGISTRY IMAGE LOG: name the image and the cause (ours for the usual ones).
push_failed() {
  local registry="$1" image="$2" log="$3"
  if grep -qE 'x509:|certificate signed by unknown authority' "${log}"; then
    die "pushing ${image} failed: $(untrusted_message "${registry}")"
  elif grep -qE 'no such host|server misbehaving' "${log}"; then
    die "pushing ${image} failed: ${registry%%:*} does not resolve; run ./wpstack registry trust on this node (adds it to /etc/hosts) or add it to your DNS"
  elif grep -qE 'no basic auth credentials|unauthorized|authentication required' "${log}"; then
    die "pushing ${image} failed: the registry wants a login; run ./wpstack registry trust (logs in with the saved password) or docker login ${registry}"
  elif grep -qE 'connection refused|i/o timeout|no route to host' "${log}"; then
    die "pushing ${image} failed: nothing answers at ${registry}; check ./wpstack registry status"
  fi
  printf -- '--- last lines of %s:\n' "${log}" >&2
  tail -n 10 "${log}" >&2
  die "pushing ${image} failed (last lines above, full log: ${log}); fix the cause and rerun ./wpstack build --push"
}

# push_image REGISTRY NAME VERSION PROGRESS: tag wpstack/NAME:VERSION as
# REGISTRY/wpstack/NAME:VERSION and :latest and push both.
push_image() {
  local registry="$1" name="$2" version="$3" progress="$4" start=${SECONDS} log target digest
  target="${registry}/wpstack/${name}"
  image_exists "wpstack/${name}:${version}" ||
    die "image wpstack/${name}:${version} is missing; build it: ./wpstack build --version ${version}"
  docker tag "wpstack/${name}:${version}" "${target}:${version}"
  docker tag "wpstack/${name}:${version}" "${target}:latest"
  log="$(log_file "push-${name}")"
  info "[${progress}] pushing ${target}:${version} and :latest (log: ${log})"
  { docker push "${target}:${version}" && docker push "${target}:latest"; } >"${log}" 2>&1 ||
    push_failed "${registry}" "${target}:${version}" "${log}"
  digest="$(docker image inspect --format '{{range .RepoDigests}}{{println .}}{{end}}' "${target}:${version}" |
    awk -v t="${target}@" 'index($0, t) == 1 { sub(/.*@/, ""); print; exit }')"
  info "[${progress}] pushed ${target}:${version} in $((SECONDS - start))s (${digest:-digest unknown})"
}

# push_images REGISTRY VERSION: every image build_images builds, to REGISTRY.
push_images() {
  local registry="$1" version="$2" name i=0 start=${SECONDS}
  local -a names=()
  check_push_trust "${registry}"
  mapfile -t names < <(buildable_images)
  for name in "${names[@]}"; do
    i=$((i + 1))
    push_image "${registry}" "${name}" "${version}" "${i}/${#names[@]}"
  done
  info "pushed ${#names[@]} images to ${registry} in $((SECONDS - start))s; deploy them with ./wpstack up --registry ${registry} --version ${version}"
}

# --- the command -------------------------------------------------------------------------

register_help registry "up|trust|down|status [--name N] [--port P]" \
  "the private TLS registry the swarm's nodes pull from"
# Usage lines for the subcommands' errors (not listed by help: the line above covers them).
register_help "registry up" "[--name NAME] [--port PORT] [--auth|--no-auth]" ""
register_help "registry trust" "[--name NAME] [--port PORT]" ""
cmd_registry() {
  local sub="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "${sub}" in
    up)
      parse_registry_flags "registry up" "$@"
      registry_up
      ;;
    trust)
      parse_registry_flags "registry trust" "$@"
      registry_trust
      ;;
    down)
      local purge=0
      case "${1:-}" in
        "") ;;
        --purge) purge=1 ;;
        *) usage_error registry "unknown argument to down: \"$1\"" ;;
      esac
      [[ $# -le 1 ]] || usage_error registry "down takes only --purge"
      load_registry_settings
      registry_down "${purge}"
      ;;
    status)
      [[ $# -eq 0 ]] || usage_error registry "status takes no arguments"
      load_registry_settings
      registry_status
      ;;
    "") usage_error registry "name a subcommand: up, trust, down or status" ;;
    *) usage_error registry "unknown subcommand \"${sub}\"; one of: up, trust, down, status" ;;
  esac
}
