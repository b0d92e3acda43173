#!/usr/bin/env bash
# Benchmarks the WordPress stack (issue 3, "Performance") and prints one markdown table.
#
# It deploys its own stack, "benchwp" (ports 18380 http, 18388 Adminer, 18343 https; credentials
# in .wpstack/benchwp/credentials), and measures, in the same run:
#   1. `./wpstack up` from no stack (after `down --purge`; images kept) to converged and serving
#      (up returned and / answers 200), then a second `up` with nothing changed.
#   2. The WordPress home page through Caddy (http://caddy:80/) vs straight to one WordPress
#      container (http://TASK_IP:80/), both with "Host: localhost:18380" (the installed site URL):
#      throughput and p99 latency ratios. OPcache is checked through Apache (a probe page).
#   3. Adminer through the stack's Caddy (basic auth) vs through a throwaway Caddy container on the
#      same network running the same Caddyfile minus the basicauth block: throughput ratio.
# wrk runs in a container (wpstack/wrk, images/wrk, built when missing) on the attachable network
# benchwp_backend, for both sides. Sides are interleaved, A then B, round after round (after one
# warm-up run each), and each side's figure is the median over the rounds.
#
# Usage: scripts/bench-wordpress.sh [--duration SECONDS] [--connections N] [--rounds N]
#          [--threads N] [--warmup SECONDS] [--reuse] [--keep]
#   --duration 30, --connections 16 (the issue's values), --rounds 3, --threads 2, --warmup 5
#   --reuse   measure a benchwp stack that is already up (no up timings; it is kept afterwards)
#   --keep    leave the benchwp stack deployed at the end (default: ./wpstack down --purge)
# Needs: images built (./wpstack build), a swarm manager, the ports above free. Raw wrk output and
# up logs: .wpstack/logs/bench-wordpress/.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
readonly ROOT
# shellcheck source=scripts/bench-common.sh
. "${ROOT}/scripts/bench-common.sh"
readonly STACK=benchwp HTTP_PORT=18380 ADMINER_PORT=18388 HTTPS_PORT=18343
readonly NETWORK="${STACK}_backend"
readonly SITE_HOST="localhost:${HTTP_PORT}"
readonly CREDENTIALS_FILE="${ROOT}/.wpstack/${STACK}/credentials"
readonly LOG_DIR="${ROOT}/.wpstack/logs/bench-wordpress"
readonly WRK_IMAGE=wpstack/wrk:latest
readonly WRK_CONTAINER="${STACK}-wrk"
readonly NOAUTH_CADDY="${STACK}-caddy-noauth"
readonly OPCACHE_PROBE=wpstack-bench-opcache.php
readonly WP_CONTENT=/var/lib/wordpress/wp-content
readonly ADMINER_CONTAINER_PORT=8888
readonly UP_TIMEOUT=600

DURATION=30
CONNECTIONS=16
ROUNDS=3
THREADS=2
WARMUP=5
REUSE=0
KEEP=0
COMMAND_LINE=""
SCRATCH=""
UP_PID=""
WORDPRESS_CONTAINER=""
# Results, filled by the measure_* steps and printed by print_report.
declare -A RESULT=()
NOTES=()

die() {
  printf 'bench-wordpress: error: %s\n' "$1" >&2
  exit 1
}

progress() { printf '... %s\n' "$*" >&2; }

now_ms() { printf '%s\n' $((${EPOCHREALTIME/./} / 1000)); }

# --- arguments -------------------------------------------------------------------------------

usage() {
  sed -n 's/^# \{0,1\}//; /^Usage:/,/^Needs:/p' "${BASH_SOURCE[0]}" | sed '$d' >&2
  exit 2
}

# positive_int FLAG VALUE: VALUE as a number (a trailing "s" is allowed for seconds).
positive_int() {
  local value="${2%s}"
  [[ "${value}" =~ ^[1-9][0-9]*$ ]] || die "$1 \"$2\" is not a positive whole number; e.g. $1 10"
  printf '%s\n' "${value}"
}

parse_args() {
  COMMAND_LINE="scripts/bench-wordpress.sh${*:+ $*}"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --duration | --connections | --rounds | --threads | --warmup)
        [[ $# -ge 2 ]] || die "$1 needs a value; see scripts/bench-wordpress.sh --help"
        case "$1" in
          --duration) DURATION="$(positive_int "$1" "$2")" ;;
          --connections) CONNECTIONS="$(positive_int "$1" "$2")" ;;
          --rounds) ROUNDS="$(positive_int "$1" "$2")" ;;
          --threads) THREADS="$(positive_int "$1" "$2")" ;;
          --warmup) WARMUP="$(positive_int "$1" "$2")" ;;
        esac
        shift 2
        ;;
      --reuse)
        REUSE=1 KEEP=1
        shift
        ;;
      --keep)
        KEEP=1
        shift
        ;;
      -h | --help) usage ;;
      *) die "unknown argument \"$1\"; see scripts/bench-wordpress.sh --help" ;;
    esac
  done
  ((THREADS <= CONNECTIONS)) || die "--threads ${THREADS} is more than --connections ${CONNECTIONS}; wrk needs at least one connection per thread"
}

# --- the stack -------------------------------------------------------------------------------

# use_bench_stack: every ./wpstack call of this script works on the benchwp stack.
use_bench_stack() {
  export WPSTACK_STACK="${STACK}" WPSTACK_HTTP_PORT="${HTTP_PORT}" WPSTACK_ADMINER_PORT="${ADMINER_PORT}" \
    WPSTACK_HTTPS_PORT="${HTTPS_PORT}" WPSTACK_CREDENTIALS="${CREDENTIALS_FILE}"
}

wpstack() { "${ROOT}/wpstack" "$@"; }

check_prerequisites() {
  local name
  command -v curl >/dev/null || die "curl is missing: apt-get install curl"
  [[ "$(docker info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null)" == true ]] ||
    die "this Docker engine is not a swarm manager; run ./wpstack test (it sets one up) or docker swarm init"
  for name in wordpress mariadb adminer caddy; do
    docker image inspect "wpstack/${name}:latest" >/dev/null 2>&1 ||
      die "image wpstack/${name}:latest is missing; run ./wpstack build first (this benchmark times up with images built)"
  done
  if ((REUSE)); then
    home_status | grep -qx 200 ||
      die "--reuse: nothing answers 200 on http://${SITE_HOST}/; deploy the stack first (run this script with --keep) or drop --reuse"
  fi
  mkdir -p "${LOG_DIR}"
}


# home_status: the HTTP status of / on the published port, as a browser would ask.
home_status() {
  curl -s -o /dev/null -m 5 -w '%{http_code}\n' -H "Host: ${SITE_HOST}" "http://127.0.0.1:${HTTP_PORT}/" || true
}

# timed_up LABEL: run ./wpstack up; RESULT[LABEL] is the ms until it returned AND / answered 200.
timed_up() {
  local label="$1" start log first="" done_ms="" now
  log="${LOG_DIR}/${label}.log"
  start="$(now_ms)"
  "${ROOT}/wpstack" up >"${log}" 2>&1 &
  UP_PID=$!
  while [[ -z "${first}" || -z "${done_ms}" ]]; do
    now="$(now_ms)"
    if [[ -z "${first}" ]] && [[ "$(home_status)" == 200 ]]; then first=$((now - start)); fi
    if [[ -z "${done_ms}" ]] && ! kill -0 "${UP_PID}" 2>/dev/null; then
      wait "${UP_PID}" || {
        tail -n 20 "${log}" >&2
        die "${label}: ./wpstack up failed (last lines above, full log: ${log})"
      }
      done_ms=$((now - start))
    fi
    ((now - start < UP_TIMEOUT * 1000)) ||
      die "${label}: no 200 on http://${SITE_HOST}/ or up still running after ${UP_TIMEOUT}s (log: ${log}); see WPSTACK_STACK=${STACK} ./wpstack status"
    sleep 0.2
  done
  UP_PID=""
  progress "${label}: up returned after $(seconds "${done_ms}") s, first 200 on / after $(seconds "${first}") s"
  RESULT[${label}]=$((first > done_ms ? first : done_ms))
}

seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }

measure_up() {
  progress "removing any ${STACK} stack: ./wpstack down --purge (images kept)"
  wpstack down --purge >"${LOG_DIR}/down.log" 2>&1 || {
    tail -n 20 "${LOG_DIR}/down.log" >&2
    die "./wpstack down --purge of ${STACK} failed (log: ${LOG_DIR}/down.log)"
  }
  progress "first up, from no stack"
  timed_up up-first
  progress "second up, nothing changed"
  timed_up up-second
}

# find_wordpress_container: a healthy WordPress task container of the stack.
find_wordpress_container() {
  WORDPRESS_CONTAINER="$(docker ps --filter "label=com.docker.swarm.service.name=${STACK}_wordpress" \
    --filter health=healthy --format '{{.ID}}' | head -n 1)"
  [[ -n "${WORDPRESS_CONTAINER}" ]] ||
    die "no healthy ${STACK}_wordpress container on this node; see WPSTACK_STACK=${STACK} ./wpstack status"
}

wordpress_task_ip() {
  local ip
  ip="$(docker inspect --format "{{(index .NetworkSettings.Networks \"${NETWORK}\").IPAddress}}" "${WORDPRESS_CONTAINER}")"
  [[ -n "${ip}" ]] || die "container ${WORDPRESS_CONTAINER} has no address on ${NETWORK}; see docker inspect ${WORDPRESS_CONTAINER}"
  printf '%s\n' "${ip}"
}

# --- OPcache -----------------------------------------------------------------------------------

# opcache_status: key=value lines from opcache_get_status() as Apache's PHP (not the CLI) sees it,
# through a probe page in wp-content fetched inside the WordPress container.
opcache_status() {
  # shellcheck disable=SC2016 # PHP source
  printf '%s\n' '<?php header("Content-Type: text/plain");' \
    '$s = function_exists("opcache_get_status") ? opcache_get_status(false) : false;' \
    'printf("sapi=%s\nenabled=%s\n", PHP_SAPI, $s && $s["opcache_enabled"] ? "yes" : "no");' \
    'if ($s) { $t = $s["opcache_statistics"]; printf("scripts=%d\nhits=%d\nmisses=%d\n", $t["num_cached_scripts"], $t["hits"], $t["misses"]); }' |
    docker exec -i "${WORDPRESS_CONTAINER}" sh -c "cat >${WP_CONTENT}/${OPCACHE_PROBE}"
  docker exec "${WORDPRESS_CONTAINER}" php -r \
    "echo @file_get_contents('http://127.0.0.1/wp-content/${OPCACHE_PROBE}') ?: 'unreachable';"
  remove_opcache_probe
}

remove_opcache_probe() {
  [[ -n "${WORDPRESS_CONTAINER}" ]] || return 0
  docker exec "${WORDPRESS_CONTAINER}" rm -f "${WP_CONTENT}/${OPCACHE_PROBE}" >/dev/null 2>&1 || true
}

# field KEY: the value of KEY=value on stdin.
field() { awk -F= -v k="$1" '$1 == k { print $2 }'; }

check_opcache() {
  local status
  status="$(opcache_status)"
  [[ "$(field sapi <<<"${status}")" == apache2handler && "$(field enabled <<<"${status}")" == yes ]] || {
    printf '%s\n' "${status}" >&2
    die "OPcache is not on in Apache's PHP in ${WORDPRESS_CONTAINER} (status above); check images/wordpress/opcache.ini and php8.4-opcache"
  }
  RESULT[opcache_hits_before]="$(field hits <<<"${status}")"
  progress "OPcache on in Apache's PHP (apache2handler, opcache_get_status: enabled, $(field scripts <<<"${status}") scripts cached)"
}

# note_opcache_use: what OPcache served during the WordPress runs.
note_opcache_use() {
  local status hits before="${RESULT[opcache_hits_before]}"
  status="$(opcache_status)"
  hits=$(($(field hits <<<"${status}") - before))
  NOTES+=("OPcache checked through Apache, not the CLI: a probe page in wp-content calling opcache_get_status() answered sapi apache2handler, enabled; $(field scripts <<<"${status}") scripts cached, ${hits} hits during the WordPress runs, $(field misses <<<"${status}") misses in total.")
}

# --- wrk ---------------------------------------------------------------------------------------

# in_network COMMAND...: run COMMAND in a wrk container on the stack's network.
in_network() {
  docker run --rm --name "${WRK_CONTAINER}" --network "${NETWORK}" "${WRK_IMAGE}" "$@"
}

# expect_status WANT LABEL URL [HEADER...]: one request from the network answers WANT.
expect_status() {
  local want="$1" label="$2" url="$3" code
  shift 3
  local -a headers=()
  local header
  for header in "$@"; do headers+=(-H "${header}"); done
  code="$(in_network curl -s -o /dev/null -m 30 -w '%{http_code}' "${headers[@]}" "${url}" || true)"
  [[ "${code}" == "${want}" ]] ||
    die "${label}: ${url} answered \"${code}\", not ${want}; check WPSTACK_STACK=${STACK} ./wpstack status and ./wpstack logs"
  progress "${label}: ${url} answers ${code}"
}

# run_wrk LOG SECONDS URL [HEADER...]: wrk's output, saved to LOG too.
run_wrk() {
  local log="$1" duration="$2" url="$3" header
  shift 3
  local -a headers=()
  for header in "$@"; do headers+=(-H "${header}"); done
  in_network wrk --threads "${THREADS}" --connections "${CONNECTIONS}" --duration "${duration}s" \
    --timeout 30s --latency "${headers[@]}" "${url}" >"${log}" 2>&1 || {
    cat "${log}" >&2
    die "wrk against ${url} failed (output above)"
  }
}

# wrk_figures LOG: "requests/s p99_ms non2xx_3xx socket_errors" from wrk's output.
wrk_figures() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000
      if (v ~ /m$/) return v * 60000; return v + 0
    }
    $1 == "99%" { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { bad = $NF }
    /Socket errors:/ { gsub(",", ""); errors = $4 + $6 + $8 + $10 }
    END {
      if (rps == "" || p99 == "") exit 1
      printf "%.2f %.2f %d %d\n", rps, p99, bad, errors
    }' "$1" || die "cannot read requests/s and the 99% latency from wrk's output ${1}"
}

median() {
  sort -g | awk '{ v[NR] = $1 } END { printf "%.2f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# compare NAME LABEL_A URL_A LABEL_B URL_B [HEADER...]: warm-up, then ROUNDS rounds of A then B.
# Sets RESULT[NAME_{a,b}_{rps,p99,bad,errors,rounds}].
compare() {
  local name="$1" label_a="$2" url_a="$3" label_b="$4" url_b="$5" round side url log
  shift 5
  local -a figures
  local -A rps=() p99=() bad=() errors=()
  progress "${name}: warm-up, ${WARMUP} s each side"
  run_wrk "${LOG_DIR}/${name}-warmup-a.txt" "${WARMUP}" "${url_a}" "$@"
  run_wrk "${LOG_DIR}/${name}-warmup-b.txt" "${WARMUP}" "${url_b}" "$@"
  for ((round = 1; round <= ROUNDS; round++)); do
    for side in a b; do
      url="${url_a}"
      [[ "${side}" == b ]] && url="${url_b}"
      log="${LOG_DIR}/${name}-round${round}-${side}.txt"
      run_wrk "${log}" "${DURATION}" "${url}" "$@"
      read -r -a figures <<<"$(wrk_figures "${log}")"
      rps[${side}]+="${figures[0]} " p99[${side}]+="${figures[1]} "
      bad[${side}]=$((${bad[${side}]:-0} + figures[2])) errors[${side}]=$((${errors[${side}]:-0} + figures[3]))
      progress "${name} round ${round}/${ROUNDS}, $([[ "${side}" == a ]] && echo "${label_a}" || echo "${label_b}"): ${figures[0]} req/s, p99 ${figures[1]} ms"
    done
  done
  for side in a b; do
    RESULT[${name}_${side}_rps]="$(tr ' ' '\n' <<<"${rps[${side}]}" | grep . | median)"
    RESULT[${name}_${side}_p99]="$(tr ' ' '\n' <<<"${p99[${side}]}" | grep . | median)"
    RESULT[${name}_${side}_rounds]="${rps[${side}]% }"
    RESULT[${name}_${side}_bad]="${bad[${side}]}"
    RESULT[${name}_${side}_errors]="${errors[${side}]}"
  done
}

# --- the measurements ----------------------------------------------------------------------------

measure_wordpress() {
  local direct
  find_wordpress_container
  check_opcache
  direct="http://$(wordpress_task_ip):80/"
  expect_status 200 "WordPress through Caddy" "http://caddy:80/" "Host: ${SITE_HOST}"
  expect_status 200 "WordPress direct" "${direct}" "Host: ${SITE_HOST}"
  compare wordpress "through Caddy" "http://caddy:80/" "direct" "${direct}" "Host: ${SITE_HOST}"
  note_opcache_use
}

# noauth_caddyfile: config/caddy/Caddyfile without its basicauth block (nothing else changed).
noauth_caddyfile() {
  local source="${ROOT}/config/caddy/Caddyfile"
  [[ "$(grep -c $'^\tbasicauth {$' "${source}")" == 1 ]] ||
    die "${source} no longer has exactly one tab-indented \"basicauth {\" block; update noauth_caddyfile in $0"
  awk '/^\tbasicauth \{$/ { skip = 1; next } skip && /^\t\}$/ { skip = 0; next } !skip' "${source}"
}

# start_noauth_caddy: the stack's Caddy image and Caddyfile, minus basic auth, on the network
# (same memory limit as the service; the entrypoint still wants credential files, unused here).
start_noauth_caddy() {
  local image
  image="$(docker service inspect --format '{{.Spec.TaskTemplate.ContainerSpec.Image}}' "${STACK}_caddy")"
  mkdir -p "${SCRATCH}/noauth"
  noauth_caddyfile >"${SCRATCH}/noauth/Caddyfile"
  printf 'bench\n' >"${SCRATCH}/noauth/user"
  printf 'unused-password\n' >"${SCRATCH}/noauth/pass"
  chmod 0755 "${SCRATCH}" "${SCRATCH}/noauth"
  chmod 0644 "${SCRATCH}"/noauth/*
  docker run -d --rm --name "${NOAUTH_CADDY}" --network "${NETWORK}" --memory 128m \
    --tmpfs /data:rw,mode=1777 -v "${SCRATCH}/noauth:/bench:ro" \
    -e ADMINER_AUTH_USER_FILE=/bench/user -e ADMINER_AUTH_PASSWORD_FILE=/bench/pass \
    "${image%@*}" caddy run --config /bench/Caddyfile --adapter caddyfile >/dev/null ||
    die "could not start the throwaway Caddy ${NOAUTH_CADDY}; see docker logs ${NOAUTH_CADDY}"
  progress "started ${NOAUTH_CADDY} (${image%@*}, config/caddy/Caddyfile without basicauth)"
}

# basic_auth_header: the Authorization header for the stack's Adminer user.
basic_auth_header() {
  local credentials user pass
  credentials="$(wpstack credentials)" || die "cannot read the ${STACK} credentials (${CREDENTIALS_FILE})"
  user="$(field lb_admin_user <<<"${credentials}")"
  pass="$(field lb_admin_pass <<<"${credentials}")"
  [[ -n "${user}" && -n "${pass}" ]] || die "no lb_admin_user / lb_admin_pass in ${CREDENTIALS_FILE}"
  printf 'Authorization: Basic %s\n' "$(printf '%s:%s' "${user}" "${pass}" | base64 -w 0)"
}

measure_adminer() {
  local auth noauth_url="http://${NOAUTH_CADDY}:${ADMINER_CONTAINER_PORT}/" auth_url="http://caddy:${ADMINER_CONTAINER_PORT}/"
  auth="$(basic_auth_header)"
  start_noauth_caddy
  wait_for_noauth_caddy "${noauth_url}"
  expect_status 401 "Adminer with basic auth, no credentials" "${auth_url}"
  expect_status 200 "Adminer with basic auth" "${auth_url}" "${auth}"
  expect_status 200 "Adminer without basic auth" "${noauth_url}"
  # The same request on both sides: the header is ignored where basicauth is not configured.
  compare adminer "with basic auth" "${auth_url}" "without basic auth" "${noauth_url}" "${auth}"
}

wait_for_noauth_caddy() {
  local url="$1" deadline=$((SECONDS + 30))
  until [[ "$(in_network curl -s -o /dev/null -m 5 -w '%{http_code}' "${url}" || true)" == 200 ]]; do
    ((SECONDS < deadline)) || die "the throwaway Caddy ${NOAUTH_CADDY} does not answer 200 at ${url} after 30 s; see docker logs ${NOAUTH_CADDY}"
    sleep 1
  done
}

# --- the report ---------------------------------------------------------------------------------

# load_average: the 1-minute load average (other jobs on the machine make the figures noisy).
load_average() { cut -d ' ' -f 1 /proc/loadavg; }

# ratio A B
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

# verdict VALUE OP LIMIT: pass or fail.
verdict() { awk -v v="$1" -v l="$3" -v op="$2" 'BEGIN { ok = (op == ">=" ? v >= l : v <= l); print (ok ? "pass" : "fail") }'; }

# row FIGURE MEASURED OP LIMIT VALUE [UNIT]: one line of the table.
row() { printf '| %s | %s | %s %s%s | %s |\n' "$1" "$2" "$3" "$4" "${6:+ $6}" "$(verdict "$5" "$3" "$4")"; }

print_report() {
  local wp_rps wp_p99 ad_rps
  wp_rps="$(ratio "${RESULT[wordpress_a_rps]}" "${RESULT[wordpress_b_rps]}")"
  wp_p99="$(ratio "${RESULT[wordpress_a_p99]}" "${RESULT[wordpress_b_p99]}")"
  ad_rps="$(ratio "${RESULT[adminer_a_rps]}" "${RESULT[adminer_b_rps]}")"
  printf 'WordPress stack benchmark, %s, %s cores, %s, load average (1 min) %s at the start, %s at the end; wrk %s threads, %s connections, %s rounds of %s s per side (A/B interleaved, %s s warm-up), medians\n\n' \
    "$(date -u +%Y-%m-%d)" "$(nproc)" "Docker $(docker version --format '{{.Server.Version}}')" \
    "${RESULT[load_start]}" "$(load_average)" "${THREADS}" "${CONNECTIONS}" "${ROUNDS}" "${DURATION}" "${WARMUP}"
  printf '| figure | measured | target | result |\n|---|---|---|---|\n'
  row "WordPress home page, throughput through Caddy / direct" \
    "${wp_rps} (${RESULT[wordpress_a_rps]} / ${RESULT[wordpress_b_rps]} req/s)" ">=" 0.9 "${wp_rps}"
  row "WordPress home page, p99 latency through Caddy / direct" \
    "${wp_p99} (${RESULT[wordpress_a_p99]} / ${RESULT[wordpress_b_p99]} ms)" "<=" 1.2 "${wp_p99}"
  row "Adminer, throughput with basic auth / without" \
    "${ad_rps} (${RESULT[adminer_a_rps]} / ${RESULT[adminer_b_rps]} req/s)" ">=" 0.8 "${ad_rps}"
  if ((REUSE)); then
    printf '| ./wpstack up, no stack to converged and serving | not measured (--reuse) | <= 90 s | - |\n'
    printf '| ./wpstack up again, nothing changed | not measured (--reuse) | <= 20 s | - |\n'
  else
    row "./wpstack up, no stack to converged and serving" "$(seconds "${RESULT[up-first]}") s" "<=" 90 "$(seconds "${RESULT[up-first]}")" s
    row "./wpstack up again, nothing changed" "$(seconds "${RESULT[up-second]}") s" "<=" 20 "$(seconds "${RESULT[up-second]}")" s
  fi
  printf '\n'
  print_details
  printf '\nCommand: %s%s%s\n' '`' "${COMMAND_LINE}" '`'
}

print_details() {
  local name side label note
  for name in wordpress adminer; do
    for side in a b; do
      case "${name}-${side}" in
        wordpress-a) label="WordPress through Caddy (http://caddy:80/)" ;;
        wordpress-b) label="WordPress direct (one task's IP, port 80)" ;;
        adminer-a) label="Adminer through the stack's Caddy, basic auth" ;;
        adminer-b) label="Adminer through a throwaway Caddy, same Caddyfile without basicauth" ;;
      esac
      printf -- '- %s: req/s per round %s; non-2xx/3xx responses %s, socket errors %s\n' "${label}" \
        "${RESULT[${name}_${side}_rounds]}" "${RESULT[${name}_${side}_bad]}" "${RESULT[${name}_${side}_errors]}"
    done
  done
  for note in "${NOTES[@]}"; do printf -- '- %s\n' "${note}"; done
}

# --- clean-up -------------------------------------------------------------------------------------

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "${UP_PID}" ]]; then
    kill "${UP_PID}" 2>/dev/null || true
    wait "${UP_PID}" 2>/dev/null || true
  fi
  docker rm -f -v "${WRK_CONTAINER}" "${NOAUTH_CADDY}" >/dev/null 2>&1 || true
  if [[ -n "${SCRATCH}" ]]; then rm -rf "${SCRATCH}"; fi
  if ((KEEP)); then
    remove_opcache_probe
    progress "kept stack ${STACK} (WPSTACK_STACK=${STACK} WPSTACK_CREDENTIALS=${CREDENTIALS_FILE} ./wpstack down --purge removes it)"
  else
    progress "removing stack ${STACK}: ./wpstack down --purge"
    wpstack down --purge >"${LOG_DIR}/down-end.log" 2>&1 ||
      printf 'bench-wordpress: warning: down --purge of %s failed (log: %s); run WPSTACK_STACK=%s WPSTACK_CREDENTIALS=%s ./wpstack down --purge\n' \
        "${STACK}" "${LOG_DIR}/down-end.log" "${STACK}" "${CREDENTIALS_FILE}" >&2
    rmdir "$(dirname "${CREDENTIALS_FILE}")" 2>/dev/null || true
  fi
  exit "${status}"
}

main() {
  parse_args "$@"
  use_bench_stack
  check_prerequisites
  SCRATCH="$(mktemp -d)"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  ensure_wrk_image "${ROOT}" "${WRK_IMAGE}"
  RESULT[load_start]="$(load_average)"
  ((REUSE)) || measure_up
  measure_wordpress
  measure_adminer
  print_report
}

main "$@"
