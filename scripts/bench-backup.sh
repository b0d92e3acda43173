#!/usr/bin/env bash
# Benchmarks the backups (issue 10, "Figures") and prints one markdown table.
#
# It deploys its own stack, "benchbk" (ports 18780 http, 18788 Adminer, 18743 https; credentials in
# .wpstack/benchbk/credentials; development settings, so nothing is scheduled), fills it, then
# measures in one run:
#   1. the site filled: --uploads MiB of random files under wp-content/uploads/bench (default 1024)
#      and --database MB of posts (default 200; random base64, which compresses as little as text
#      does);
#   2. the first ./wpstack backup: wall time and what it added to the repository (restic's summary);
#   3. 1% changed (a new file of 1% of the uploads; 1% of the posts rewritten, consecutive ids), then a
#      second backup: time and size added, against the first;
#   4. ./wpstack restore latest --yes: wall time (a safety snapshot, then the dump loaded and
#      wp-content checked against the snapshot);
#   5. a point-in-time restore: posts written, the time noted, ./wpstack restore --to TIME --yes;
#   6. the home page through Caddy with wrk (from a container on the stack's network): at rest, during
#      a backup (wp-content touched so that restic reads every file again: --force), and at rest
#      again; requests/s, p50 and p99, and failed requests.
#
# Usage: scripts/bench-backup.sh [--uploads MIB] [--database MB] [--connections N] [--keep]
#   --keep   leave the benchbk stack deployed at the end (default: ./wpstack down --purge)
# Needs: images built (./wpstack build), a swarm manager, the ports above free, about 3x --uploads of
# free disk. Logs: .wpstack/logs/bench-backup/.
set -euo pipefail

ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
readonly ROOT
# shellcheck source=scripts/bench-common.sh
. "${ROOT}/scripts/bench-common.sh"
readonly STACK=benchbk HTTP_PORT=18780 ADMINER_PORT=18788 HTTPS_PORT=18743
readonly NETWORK="${STACK}_backend"
readonly CREDENTIALS_FILE="${ROOT}/.wpstack/${STACK}/credentials"
readonly LOG_DIR="${ROOT}/.wpstack/logs/bench-backup"
readonly WRK_IMAGE=wpstack/wrk:latest
readonly CONTENT=/var/lib/wordpress/wp-content

UPLOADS_MIB=1024
DATABASE_MB=200
CONNECTIONS=8
KEEP=0
COMMAND_LINE=""
declare -A RESULT=()

die() {
  printf 'bench-backup: error: %s\n' "$1" >&2
  exit 1
}

progress() { printf '... %s\n' "$*" >&2; }

now_ms() { printf '%s\n' $((${EPOCHREALTIME/./} / 1000)); }

seconds() { awk -v ms="$1" 'BEGIN { printf "%.1f", ms / 1000 }'; }

usage() {
  sed -n 's/^# \{0,1\}//; /^Usage:/,/^Needs:/p' "${BASH_SOURCE[0]}" | sed '$d' >&2
  exit 2
}

positive_int() {
  [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 \"$2\" is not a positive whole number; e.g. $1 100"
  printf '%s\n' "$2"
}

parse_args() {
  COMMAND_LINE="scripts/bench-backup.sh${*:+ $*}"
  while [[ $# -gt 0 ]]; do
    case "$1" in
      --uploads | --database | --connections)
        [[ $# -ge 2 ]] || die "$1 needs a value; see scripts/bench-backup.sh --help"
        case "$1" in
          --uploads) UPLOADS_MIB="$(positive_int "$1" "$2")" ;;
          --database) DATABASE_MB="$(positive_int "$1" "$2")" ;;
          --connections) CONNECTIONS="$(positive_int "$1" "$2")" ;;
        esac
        shift 2
        ;;
      --keep)
        KEEP=1
        shift
        ;;
      -h | --help) usage ;;
      *) die "unknown argument \"$1\"; see scripts/bench-backup.sh --help" ;;
    esac
  done
}

wpstack() {
  WPSTACK_STACK="${STACK}" WPSTACK_HTTP_PORT="${HTTP_PORT}" WPSTACK_ADMINER_PORT="${ADMINER_PORT}" \
    WPSTACK_HTTPS_PORT="${HTTPS_PORT}" WPSTACK_CREDENTIALS="${CREDENTIALS_FILE}" "${ROOT}/wpstack" "$@"
}

check_prerequisites() {
  local name
  [[ "$(docker info --format '{{.Swarm.ControlAvailable}}' 2>/dev/null)" == true ]] ||
    die "this Docker engine is not a swarm manager; run ./wpstack test (it sets one up) or docker swarm init"
  for name in wordpress mariadb backup caddy; do
    docker image inspect "wpstack/${name}:latest" >/dev/null 2>&1 ||
      die "image wpstack/${name}:latest is missing; run ./wpstack build first"
  done
  mkdir -p "${LOG_DIR}" "$(dirname "${CREDENTIALS_FILE}")"
}


container() {
  local id
  id="$(docker ps --quiet --filter "label=com.docker.swarm.service.name=${STACK}_$1" | head -n 1)"
  [[ -n "${id}" ]] || die "no running container of ${STACK}_$1; see WPSTACK_STACK=${STACK} ./wpstack status"
  printf '%s' "${id}"
}

credential() { sed -n "s/^$1=//p" "${CREDENTIALS_FILE}"; }

sql() {
  docker exec -i "$(container mariadb)" mariadb -N -B -uroot -p"$(credential db_root_pass)" wordpress "$@"
}

# timed LABEL COMMAND...: runs COMMAND, its output to LOG_DIR/LABEL.log; RESULT[LABEL] in ms.
timed() {
  local label="$1" start
  shift
  start="$(now_ms)"
  "$@" >"${LOG_DIR}/${label}.log" 2>&1 || {
    tail -n 20 "${LOG_DIR}/${label}.log" >&2
    die "${label}: $* failed (last lines above; log ${LOG_DIR}/${label}.log)"
  }
  RESULT[${label}]=$(($(now_ms) - start))
  progress "${label}: $(seconds "${RESULT[${label}]}") s"
}

# added LABEL: what restic says the backup logged in LABEL.log added ("1.021 GiB").
added() {
  sed -n 's/.*Added to the repository: \([0-9.]* [KMGT]*i*B\).*/\1/p' "${LOG_DIR}/$1.log" | tail -n 1
}

# in_job LABEL: how long the backup job itself took, dump included ("backup done in 15 s").
in_job() {
  sed -n 's/.*backup done in \([0-9]* s\).*/\1/p' "${LOG_DIR}/$1.log" | tail -n 1
}

# --- the site ----------------------------------------------------------------------------------

fill_uploads() {
  local files=$((UPLOADS_MIB / 16)) rest=$((UPLOADS_MIB % 16))
  progress "writing ${UPLOADS_MIB} MiB of random files to wp-content/uploads/bench"
  docker exec "$(container wordpress)" sh -c "mkdir -p ${CONTENT}/uploads/bench && cd ${CONTENT}/uploads/bench &&
    i=0; while [ \$i -lt ${files} ]; do head -c 16M /dev/urandom > file-\$i.bin; i=\$((i + 1)); done;
    if [ ${rest} -gt 0 ]; then head -c ${rest}M /dev/urandom > file-rest.bin; fi; chown -R www-data:www-data ."
}

# fill_database: DATABASE_MB of posts, about 11 KB each (8 KiB of random bytes, base64), in batches.
fill_database() {
  local rows=$((DATABASE_MB * 1000 / 11)) batch=1000 done=0
  progress "writing ${rows} posts (~${DATABASE_MB} MB) to the database"
  while ((done < rows)); do
    sql <<SQL
INSERT INTO wp_posts (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt,
  post_status, comment_status, ping_status, post_name, to_ping, pinged, post_modified,
  post_modified_gmt, post_content_filtered, post_type)
SELECT 1, NOW(), UTC_TIMESTAMP(),
  CONCAT(TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024)),
    TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024)),
    TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024))),
  CONCAT('bench post ', seq), '', 'publish', 'open', 'open', CONCAT('bench-post-', seq), '', '', NOW(),
  UTC_TIMESTAMP(), '', 'post'
FROM seq_${done}_to_$((done + batch - 1));
SQL
    done=$((done + batch))
  done
  RESULT[uploads_mib]="$(docker exec "$(container wordpress)" du -sm "${CONTENT}/uploads" | cut -f1)"
}

# change_one_percent: a new file of 1% of the uploads, and 1% of the bench posts rewritten.
change_one_percent() {
  local mib=$((UPLOADS_MIB / 100)) rows=$((DATABASE_MB * 10 / 11)) first
  ((mib > 0)) || mib=1
  docker exec "$(container wordpress)" sh -c "head -c ${mib}M /dev/urandom > ${CONTENT}/uploads/bench/changed.bin"
  first="$(sql -e "SELECT MIN(ID) FROM wp_posts WHERE post_title LIKE 'bench post %'")"
  sql -e "UPDATE wp_posts SET post_content = CONCAT(TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024)),
    TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024)),
    TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024)))
    WHERE ID BETWEEN ${first} AND $((first + rows - 1))"
  RESULT[change_mb]="$((mib * 1049 / 1000 + rows * 11 / 1000))"
}

# --- latency -----------------------------------------------------------------------------------

# wrk_run LABEL SECONDS: wrk against the home page through Caddy, from the stack's network.
wrk_run() {
  docker run --rm --network "${NETWORK}" "${WRK_IMAGE}" wrk --threads 2 --connections "${CONNECTIONS}" \
    --duration "$2s" --timeout 30s --latency -H "Host: localhost:${HTTP_PORT}" "http://caddy:${HTTP_PORT}/" \
    >"${LOG_DIR}/wrk-$1.txt" 2>&1 || die "wrk failed (${LOG_DIR}/wrk-$1.txt)"
}

# wrk_figures LABEL: "requests/s p50_ms p99_ms failed" of wrk-LABEL.txt.
wrk_figures() {
  awk '
    function ms(v) {
      if (v ~ /us$/) return v / 1000; if (v ~ /ms$/) return v + 0; if (v ~ /s$/) return v * 1000
      return v + 0
    }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    /Non-2xx or 3xx responses:/ { bad += $NF }
    /Socket errors:/ { gsub(",", ""); bad += $4 + $6 + $8 + $10 }
    END { if (rps == "") exit 1; printf "%.1f %.0f %.0f %d\n", rps, p50, p99, bad }' "${LOG_DIR}/wrk-$1.txt" ||
    die "cannot read wrk's figures from ${LOG_DIR}/wrk-$1.txt"
}

measure_latency() {
  local start pid
  progress "latency through Caddy at rest (30 s)"
  wrk_run rest-before 30
  # Every file touched, so that restic reads and hashes all of wp-content again, as a first backup does.
  docker exec "$(container wordpress)" find "${CONTENT}/uploads/bench" -type f -exec touch {} +
  progress "latency through Caddy during a backup"
  start="$(now_ms)"
  wpstack backup >"${LOG_DIR}/backup-under-load.log" 2>&1 &
  pid=$!
  sleep 2
  wrk_run during-backup 30
  wait "${pid}" || die "the backup under load failed (${LOG_DIR}/backup-under-load.log)"
  RESULT[backup_under_load]=$(($(now_ms) - start))
  progress "latency through Caddy at rest again (30 s)"
  wrk_run rest-after 30
}

# --- report ------------------------------------------------------------------------------------

print_report() {
  local first="${RESULT[first_backup]}" second="${RESULT[second_backup]}" label
  printf '\n%s, %s; site: %s MiB of uploads, a database whose dump is %s\n\n' \
    "${COMMAND_LINE}" "$(date -u '+%Y-%m-%d %H:%M UTC')" "${RESULT[uploads_mib]}" \
    "$(sed -n 's/.*database dumped: \([^;]*\);.*/\1/p' "${LOG_DIR}/first_backup.log")"
  printf '| figure | value |\n|---|---|\n'
  printf '| first backup | %s s (in the job: %s), added %s |\n' "$(seconds "${first}")" "$(in_job first_backup)" "$(added first_backup)"
  printf '| second backup after a 1%% change (~%s MB) | %s s (%s%% of the first; in the job: %s), added %s |\n' \
    "${RESULT[change_mb]}" "$(seconds "${second}")" "$(awk -v a="${second}" -v b="${first}" 'BEGIN { printf "%.0f", 100 * a / b }')" \
    "$(in_job second_backup)" "$(added second_backup)"
  printf '| full restore (restore latest --yes, safety snapshot included) | %s s |\n' "$(seconds "${RESULT[restore]}")"
  printf '| point-in-time restore (restore --to, safety snapshot included) | %s s |\n' "$(seconds "${RESULT[pitr]}")"
  printf '| a backup under load (wp-content re-read) | %s s |\n' "$(seconds "${RESULT[backup_under_load]}")"
  printf '\n| home page through Caddy, %s connections, 30 s | requests/s | p50 ms | p99 ms | failed |\n|---|---|---|---|---|\n' "${CONNECTIONS}"
  for label in rest-before during-backup rest-after; do
    read -r -a f <<<"$(wrk_figures "${label}")"
    printf '| %s | %s | %s | %s | %s |\n' "${label}" "${f[0]}" "${f[1]}" "${f[2]}" "${f[3]}"
  done
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if ((KEEP == 0)); then
    progress "removing the ${STACK} stack (./wpstack down --purge)"
    wpstack down --purge >"${LOG_DIR}/down.log" 2>&1 || printf 'bench-backup: down --purge failed; see %s\n' "${LOG_DIR}/down.log" >&2
  fi
  exit "${status}"
}

main() {
  parse_args "$@"
  check_prerequisites
  ensure_wrk_image "${ROOT}" "${WRK_IMAGE}"
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  wpstack down --purge >"${LOG_DIR}/down-before.log" 2>&1 || true
  timed up wpstack up
  fill_uploads
  fill_database
  timed first_backup wpstack backup
  change_one_percent
  timed second_backup wpstack backup
  timed restore wpstack restore latest --yes
  sql -e "INSERT INTO wp_posts (post_author, post_date, post_date_gmt, post_content, post_title, post_excerpt,
    post_status, comment_status, ping_status, post_name, to_ping, pinged, post_modified, post_modified_gmt,
    post_content_filtered, post_type)
    SELECT 1, NOW(), UTC_TIMESTAMP(), 'x', CONCAT('after ', seq), '', 'publish', 'open', 'open', '', '', '',
    NOW(), UTC_TIMESTAMP(), '', 'post' FROM seq_1_to_100"
  sleep 1.1
  local time
  time="$(date -u '+%Y-%m-%dT%H:%M:%SZ')"
  sleep 1.1
  timed pitr wpstack restore --to "${time}" --yes
  measure_latency
  print_report
}

main "$@"
