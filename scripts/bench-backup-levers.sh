#!/usr/bin/env bash
# Benchmarks the database's share of a second backup (issue 10: "a second backup after 1% change:
# time <= 10% of the first") by each way of copying MariaDB, and prints one markdown table:
#   - a logical dump, mariadb-dump --single-transaction --routines --triggers --events, what
#     wpstack's backup takes (whole every time);
#   - a physical copy, mariadb-backup --backup: a full one, then an incremental one (only the InnoDB
#     pages changed since), and what a restore of it costs first (--prepare of both).
# Each is timed RUNS times (median, min-max) on one throwaway MariaDB (the wpstack/mariadb image,
# mariadb-backup added from Debian's mirror) holding --database MB of posts-like rows (8 KiB of random
# bytes, base64, per row), before and after --change percent of the rows are rewritten.
#
# Usage: scripts/bench-backup-levers.sh [--database MB] [--change PERCENT] [--runs N]
# Needs: a Docker engine, the wpstack/mariadb image (./wpstack build), Debian's package mirror.
set -euo pipefail

readonly CONTAINER=wpstack-bench-levers
DATABASE_MB=200
CHANGE_PERCENT=1
RUNS=3

die() {
  printf 'bench-backup-levers: error: %s\n' "$*" >&2
  exit 1
}

while (($#)); do
  case "$1" in
  --database) DATABASE_MB="${2:?--database needs MB}"; shift 2 ;;
  --change) CHANGE_PERCENT="${2:?--change needs a percentage}"; shift 2 ;;
  --runs) RUNS="${2:?--runs needs a count}"; shift 2 ;;
  *) die "unknown argument $1 (usage: $0 [--database MB] [--change PERCENT] [--runs N])" ;;
  esac
done
[[ "${DATABASE_MB}" =~ ^[1-9][0-9]*$ ]] || die "--database ${DATABASE_MB} is not a whole number of MB"
[[ "${CHANGE_PERCENT}" =~ ^[1-9][0-9]?$ ]] || die "--change ${CHANGE_PERCENT} is not a percentage from 1 to 99"
[[ "${RUNS}" =~ ^[1-9]$ ]] || die "--runs ${RUNS} is not a count from 1 to 9"
docker image inspect wpstack/mariadb:latest >/dev/null 2>&1 || die "no image wpstack/mariadb:latest; run ./wpstack build"

in_db() {
  docker exec -i "${CONTAINER}" "$@"
}

sql() {
  in_db mariadb -uroot -N -B bench -e "$1"
}

cleanup() {
  docker rm --force "${CONTAINER}" >/dev/null 2>&1 || true
}
trap cleanup EXIT

# timed LABEL COMMAND: runs COMMAND (in the container) RUNS times; prints "median|min-max" in seconds.
timed() {
  local run start times=()
  for ((run = 0; run < RUNS; run++)); do
    start="$(date +%s%N)"
    in_db sh -c "$1" >/dev/null
    times+=("$((($(date +%s%N) - start) / 1000000))")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{ t[NR] = $1 } END {
    printf "%.2f s|%.2f-%.2f s", t[int((NR + 1) / 2)] / 1000, t[1] / 1000, t[NR] / 1000 }'
}

size_of() {
  in_db du -sb "$1" | awk '{ printf "%.1f MB", $1 / 1e6 }'
}

cleanup
printf '... starting MariaDB (wpstack/mariadb) with mariadb-backup from Debian\n' >&2
docker run --detach --name "${CONTAINER}" --user root --entrypoint sleep wpstack/mariadb:latest infinity >/dev/null
in_db sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mariadb-backup' >/dev/null 2>&1 ||
  die "installing mariadb-backup from Debian's mirror failed (docker exec ${CONTAINER} apt-get install mariadb-backup)"
in_db sh -c 'mariadb-install-db --user=mysql --datadir=/var/lib/mysql >/dev/null &&
  (mariadbd --user=mysql --datadir=/var/lib/mysql --innodb-buffer-pool-size=256M >/tmp/mariadbd.log 2>&1 &)'
for _ in $(seq 60); do
  in_db mariadb -uroot -e 'SELECT 1' >/dev/null 2>&1 && break
  sleep 1
done
in_db mariadb -uroot -e 'CREATE DATABASE bench' || die "MariaDB did not start (docker exec ${CONTAINER} cat /tmp/mariadbd.log)"

printf '... filling %s MB\n' "${DATABASE_MB}" >&2
sql "CREATE TABLE posts (id BIGINT PRIMARY KEY AUTO_INCREMENT, title VARCHAR(200), content LONGTEXT) ENGINE=InnoDB"
rows=$((DATABASE_MB * 1000000 / 11000))
for ((done = 0; done < rows; done += 1000)); do
  sql "INSERT INTO posts (title, content) SELECT CONCAT('post ', seq), CONCAT(TO_BASE64(RANDOM_BYTES(1024)),
    TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024)),
    TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024)), TO_BASE64(RANDOM_BYTES(1024)),
    TO_BASE64(RANDOM_BYTES(1024))) FROM seq_1_to_1000"
done
readonly DUMP='mariadb-dump -uroot --single-transaction --routines --triggers --events bench >/tmp/dump.sql'
readonly FULL='rm -rf /tmp/full && mariadb-backup --backup -uroot --target-dir=/tmp/full 2>/tmp/full.log'
readonly INCREMENTAL='rm -rf /tmp/inc && mariadb-backup --backup -uroot --target-dir=/tmp/inc --incremental-basedir=/tmp/full 2>/tmp/inc.log'

printf '... timing, %s runs each\n' "${RUNS}" >&2
dump_before="$(timed "${DUMP}")"
dump_size="$(size_of /tmp/dump.sql)"
full="$(timed "${FULL}")"
full_size="$(size_of /tmp/full)"
sql "UPDATE posts SET content = CONCAT(TO_BASE64(RANDOM_BYTES(1024)), SUBSTRING(content, 1370)) WHERE id % 100 < ${CHANGE_PERCENT}"
dump_after="$(timed "${DUMP}")"
incremental="$(timed "${INCREMENTAL}")"
incremental_size="$(size_of /tmp/inc)"
prepare="$(timed 'rm -rf /tmp/restore && cp -a /tmp/full /tmp/restore && mariadb-backup --prepare --target-dir=/tmp/restore 2>/dev/null && mariadb-backup --prepare --target-dir=/tmp/restore --incremental-dir=/tmp/inc 2>/dev/null')"
version="$(in_db mariadb --version | sed 's/.*from \([^ ,]*\).*/\1/')"

printf '\nMariaDB %s, %s rows (%s of dump), %s%% of the rows rewritten; %s runs each, median (min-max):\n\n' \
  "${version}" "$(sql 'SELECT COUNT(*) FROM posts')" "${dump_size}" "${CHANGE_PERCENT}" "${RUNS}"
printf '| copy of the database | time | range | size |\n|---|---|---|---|\n'
printf '| mariadb-dump (logical, whole), before the change | %s | %s |\n' "${dump_before}" "${dump_size}"
printf '| mariadb-dump, after the change | %s | %s |\n' "${dump_after}" "${dump_size}"
printf '| mariadb-backup, full (physical) | %s | %s |\n' "${full}" "${full_size}"
printf '| mariadb-backup, incremental after the change | %s | %s |\n' "${incremental}" "${incremental_size}"
printf '| a restore'"'"'s --prepare of the full and the incremental copy (before copying them back) | %s | |\n' "${prepare}"
