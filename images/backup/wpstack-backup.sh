#!/bin/bash
# wpstack-backup COMMAND: the wpstack stack's backups, with restic.
#
#   schedule            the backup service: a backup every BACKUP_INTERVAL, then forget --prune
#                       with BACKUP_KEEP, and a check every BACKUP_CHECK_INTERVAL ("off": none);
#                       its metrics (the repository's snapshots, the last run and check) on
#                       :BACKUP_METRICS_PORT/metrics.txt, for Prometheus
#   backup [KIND]       one snapshot now (KIND: manual, scheduled, safety or upgrade, before up
#                       changes a service with data; a tag)
#   ship                MariaDB's binary log into the repository now (the service does it every
#                       BACKUP_BINLOG_INTERVAL): what restore --to replays after a snapshot
#   list                the snapshots
#   check               restic check (the repository's structure and the data it references)
#   maintenance on|off  Caddy's maintenance flag (a job on Caddy's node, its volume at /caddy-data)
#   verify SNAPSHOT [--to TIME]
#                       which snapshot SNAPSHOT (an id, a prefix of one, latest; with --to, "auto":
#                       the newest before TIME) names, and that the binary log reaches from it
#   restore SNAPSHOT [--to TIME]
#                       the snapshot's database and wp-content, replacing what is there; with --to
#                       (UTC, YYYY-MM-DD HH:MM:SS), the binary log replayed after it up to TIME
#
# A snapshot holds, together: /wpstack/database.sql (mariadb-dump --single-transaction, with
# routines, triggers and events: consistent without locking the site), /wpstack/deployment.env
# (environment, wpstack and WordPress versions, and the dump's position in the binary log) and
# /wp-content (uploads, plugins, themes). A binlog snapshot (tag binlog) holds the closed binary
# log files MariaDB still has, under /wpstack/binlog/LINEAGE: LINEAGE names one server's log
# (a new MariaDB starts its file numbers again), kept in the database wpstack_backup.
# No secret is in it. Secrets: backup_repo_pass, db_root_pass, and backup_repo_env (what the
# repository needs besides its password, NAME=VALUE lines, exported; restore_from_pass and
# restore_from_env instead with WPSTACK_RESTORE_FROM).
# Environment: RESTIC_REPOSITORY, RESTIC_PASSWORD_FILE, DB_HOST, DB_NAME,
# DB_ROOT_PASSWORD_FILE, WPSTACK_STACK, WPSTACK_ENV, WPSTACK_VERSION and the BACKUP_* above.
set -euo pipefail

readonly CONTENT=/wp-content
readonly WORK=/wpstack
readonly DUMP="${WORK}/database.sql"
readonly DEPLOYMENT="${WORK}/deployment.env"
readonly METRICS="${WORK}/metrics"
readonly BINLOG="${WORK}/binlog"
# Where the repository's password and credentials come from, for the message of a wrong one.
PASSWORD_SOURCE="backup_repo_pass in the credentials file"
CREDENTIALS_SOURCE="the file BACKUP_REPOSITORY_CREDENTIALS names (then ./wpstack up)"

die() {
	echo "wpstack-backup: $*" >&2
	exit 1
}

# shellcheck source=images/common/secrets.sh
. /usr/local/lib/wpstack/secrets.sh

log() {
	echo "$(date -u '+%Y-%m-%d %H:%M:%S') $*"
}

# restic ARGS: restic, with its exit codes turned into messages a user can act on.
restic_run() {
	local status=0
	# A scheduled forget --prune locks the repository for itself: others wait for it.
	restic --retry-lock 5m "$@" || status=$?
	case "${status}" in
	0) return 0 ;;
	10) die "no restic repository at ${RESTIC_REPOSITORY}; check BACKUP_REPOSITORY (./wpstack backup creates the default one)" ;;
	11) die "the repository ${RESTIC_REPOSITORY} is locked by another backup or restore; wait for it, or remove a stale lock with restic unlock" ;;
	12) die "wrong password for the repository ${RESTIC_REPOSITORY}; ${PASSWORD_SOURCE} must be the password it was created with" ;;
	*) die "restic $1 failed (exit ${status}); the lines above say why" ;;
	esac
}

# ensure_repository [existing]: creates the repository when there is none (restic says so with
# exit 10; with existing, dies instead); dies when it does not answer within BACKUP_REACH_TIMEOUT (restic
# itself retries a repository that does not answer for 15 minutes).
ensure_repository() {
	local status=0 reach
	reach="$(seconds "${BACKUP_REACH_TIMEOUT:-90s}")"
	((reach > 0)) || die "BACKUP_REACH_TIMEOUT=${BACKUP_REACH_TIMEOUT} is no time to wait for the repository; set a duration such as 90s or 5m"
	mkdir -p "${WORK}"
	timeout "${reach}" restic cat config >/dev/null 2>"${WORK}/reach.err" || status=$?
	if ((status != 0)) && grep -qE '\b(401|403)\b|Unauthorized|Forbidden|AccessDenied|InvalidAccessKeyId|SignatureDoesNotMatch' "${WORK}/reach.err"; then
		tail -n 3 "${WORK}/reach.err" >&2
		die "the repository ${RESTIC_REPOSITORY} refused the credentials it was given (above); ${CREDENTIALS_SOURCE} must hold the ones it accepts"
	fi
	case "${status}" in
	0) ;;
	10)
		[[ "${1:-}" != existing ]] || restic_run cat config >/dev/null
		log "creating the restic repository ${RESTIC_REPOSITORY}"
		restic_run init
		;;
	124)
		tail -n 3 "${WORK}/reach.err" >&2
		die "the repository ${RESTIC_REPOSITORY} did not answer within ${reach} s (above: restic's last tries); is it reachable from the data node? (BACKUP_REPOSITORY; BACKUP_REACH_TIMEOUT waits longer)"
		;;
	*) restic_run cat config >/dev/null ;;
	esac
}

mysql_defaults() {
	local file="${WORK}/client.cnf"
	(
		umask 077
		printf '[client]\nhost=%s\nuser=root\npassword=%s\n' "${DB_HOST:-mariadb}" \
			"$(read_secret "${DB_ROOT_PASSWORD_FILE:-/run/secrets/db_root_pass}")" >"${file}"
	)
	printf '%s' "${file}"
}

# wordpress_version: the version the WordPress image wrote into wp-content when it last started.
wordpress_version() {
	local file="${CONTENT}/.wpstack/wordpress-version"
	if [[ -r "${file}" ]]; then
		head -c 40 "${file}"
	else
		printf 'unknown'
	fi
}

# binlog_on DEFAULTS: whether MariaDB keeps a binary log (log-bin; images/mariadb/wpstack.cnf).
binlog_on() {
	[[ "$(mariadb --defaults-extra-file="$1" -N -B -e 'SELECT @@log_bin' 2>/dev/null)" == 1 ]]
}

# binlog_lineage DEFAULTS: the id of this server's binary log, made once (a fresh MariaDB numbers
# its files from binlog.000001 again, so a file name alone does not say whose log it is). Read
# first: a CREATE ... IF NOT EXISTS would write to the log each time.
binlog_lineage() {
	local sql=(mariadb --defaults-extra-file="$1" -N -B) lineage
	lineage="$("${sql[@]}" -e 'SELECT lineage FROM wpstack_backup.lineage WHERE id = 1' 2>/dev/null || true)"
	if [[ -z "${lineage}" ]]; then
		"${sql[@]}" -e "CREATE DATABASE IF NOT EXISTS wpstack_backup;
			CREATE TABLE IF NOT EXISTS wpstack_backup.lineage (id TINYINT PRIMARY KEY, lineage CHAR(36) NOT NULL);
			INSERT IGNORE INTO wpstack_backup.lineage VALUES (1, UUID())" || die "cannot record the binary log's lineage in MariaDB"
		lineage="$("${sql[@]}" -e 'SELECT lineage FROM wpstack_backup.lineage WHERE id = 1')"
	fi
	printf '%s' "${lineage}"
}

# master_status DEFAULTS: the binary log file and position MariaDB writes at now.
master_status() {
	mariadb --defaults-extra-file="$1" -N -B -e 'SHOW MASTER STATUS' | awk '{print $1 ":" $2}'
}

cmd_backup() {
	local kind="${1:-manual}" defaults started
	started="$(date +%s)"
	[[ -d "${CONTENT}" ]] || die "${CONTENT} is not mounted (the wp_content volume)"
	mkdir -p "${WORK}"
	ensure_repository
	defaults="$(mysql_defaults)"
	# With the binary log on, the dump records its position in it (--master-data=2, a comment; with
	# --single-transaction MariaDB reads it from the consistent snapshot, without a global lock).
	local position=() lineage=""
	if binlog_on "${defaults}"; then
		lineage="$(binlog_lineage "${defaults}")"
		position=(--master-data=2)
	fi
	log "dumping the database ${DB_NAME:-wordpress} (mariadb-dump --single-transaction)"
	mariadb-dump --defaults-extra-file="${defaults}" --single-transaction --quick --routines --triggers \
		--events --hex-blob "${position[@]}" --add-drop-database --databases "${DB_NAME:-wordpress}" >"${DUMP}" ||
		die "mariadb-dump failed; is MariaDB up (./wpstack status)?"
	local version db_version binlog_file="" binlog_position=""
	if [[ -n "${lineage}" ]]; then
		binlog_file="$(head -n 40 "${DUMP}" | sed -n "s/^-- CHANGE MASTER TO MASTER_LOG_FILE='\([^']*\)', MASTER_LOG_POS=\([0-9]*\);.*/\1/p")"
		binlog_position="$(head -n 40 "${DUMP}" | sed -n "s/^-- CHANGE MASTER TO MASTER_LOG_FILE='\([^']*\)', MASTER_LOG_POS=\([0-9]*\);.*/\2/p")"
		[[ -n "${binlog_file}" && -n "${binlog_position}" ]] || die "the dump names no binary log position (no CHANGE MASTER line)"
	fi
	version="$(wordpress_version)"
	db_version="$(mariadb --defaults-extra-file="${defaults}" -N -B "${DB_NAME:-wordpress}" -e \
		"SELECT option_value FROM ${WORDPRESS_TABLE_PREFIX:-wp_}options WHERE option_name = 'db_version'" 2>/dev/null || true)"
	rm -f "${defaults}"
	cat >"${DEPLOYMENT}" <<-EOF
		STACK=${WPSTACK_STACK:-wpstack}
		ENV=${WPSTACK_ENV:-unknown}
		WPSTACK_VERSION=${WPSTACK_VERSION:-unknown}
		WORDPRESS_VERSION=${version}
		WORDPRESS_DB_VERSION=${db_version:-unknown}
		BINLOG_LINEAGE=${lineage}
		BINLOG_FILE=${binlog_file}
		BINLOG_POSITION=${binlog_position}
	EOF
	log "database dumped: $(du -h "${DUMP}" | cut -f1); backing up with wp-content ($(du -sh "${CONTENT}" | cut -f1))"
	restic_run backup --host "${WPSTACK_STACK:-wpstack}" --tag "${kind}" --tag "wordpress=${version}" \
		--tag "env=${WPSTACK_ENV:-unknown}" "${WORK}/database.sql" "${DEPLOYMENT}" "${CONTENT}" |
		tee "${WORK}/backup.out" || exit 1 # restic_run said why (errexit is off where a caller tests us)
	rm -f "${DUMP}"
	local id
	id="$(sed -n 's/^snapshot \([0-9a-f]*\) saved$/\1/p' "${WORK}/backup.out")"
	[[ -n "${id}" ]] || die "restic saved no snapshot; the lines above say why"
	log "backup done in $(($(date +%s) - started)) s: snapshot ${id} (${kind})"
	case "${kind}" in
	safety) log "safety snapshot ${id}: ./wpstack restore ${id} --yes brings back the state before this restore" ;;
	upgrade) log "snapshot ${id} before the upgrade: ./wpstack restore ${id} --yes brings back the state before it" ;;
	esac
}

# ship: MariaDB's binary log into the repository. FLUSH BINARY LOGS closes the file being written,
# so that everything until now is in a closed file; each closed file not yet here is read over the
# network (mariadb-binlog --read-from-remote-server --raw), and a binlog snapshot of them all is
# taken (restic stores only what is new). Records the time up to which the log is in the
# repository in ${WORK}/binlog-shipped (for the metrics), and skips all of it when nothing was
# written since the last shipping.
cmd_ship() {
	local defaults lineage mark flushed dir name size count=0 kept=" "
	mkdir -p "${WORK}" "${BINLOG}"
	defaults="$(mysql_defaults)"
	binlog_on "${defaults}" ||
		die "MariaDB keeps no binary log (log-bin is off); ./wpstack build and ./wpstack up deploy an image that does"
	lineage="$(binlog_lineage "${defaults}")"
	mark="$(master_status "${defaults}")"
	flushed="$(date +%s)"
	if [[ -n "${mark}" && "${mark}" == "$(cat "${WORK}/binlog-mark" 2>/dev/null)" ]]; then
		printf '%s' "${flushed}" >"${WORK}/binlog-shipped" # nothing written since: all of it is there
		rm -f "${defaults}"
		return 0
	fi
	ensure_repository
	mariadb --defaults-extra-file="${defaults}" -e 'FLUSH BINARY LOGS' || die "FLUSH BINARY LOGS failed (above)"
	dir="${BINLOG}/${lineage}"
	mkdir -p "${dir}"
	find "${BINLOG}" -mindepth 1 -maxdepth 1 ! -name "${lineage}" -exec rm -rf {} +
	# Every file but the last, the one MariaDB now writes.
	while read -r name size; do
		kept+="${name} "
		if [[ ! -f "${dir}/${name}" || "$(stat -c %s "${dir}/${name}")" != "${size}" ]]; then
			mariadb-binlog --defaults-extra-file="${defaults}" --read-from-remote-server --raw \
				--result-file="${dir}/" "${name}" || die "reading the binary log file ${name} from MariaDB failed (above)"
			count=$((count + 1))
		fi
	done < <(mariadb --defaults-extra-file="${defaults}" -N -B -e 'SHOW BINARY LOGS' | awk '{print $1, $2}' | sed '$d')
	# A file MariaDB expired (binlog_expire_logs_seconds) leaves the next binlog snapshot too.
	for name in "${dir}"/*; do
		[[ -e "${name}" && "${kept}" != *" ${name##*/} "* ]] && rm -f "${name}"
	done
	mark="$(master_status "${defaults}")"
	rm -f "${defaults}"
	restic_run backup --quiet --host "${WPSTACK_STACK:-wpstack}" --tag binlog --tag "lineage=${lineage}" "${dir}"
	# The newest binlog snapshots of each lineage hold every file MariaDB still has.
	restic_run forget --quiet --host "${WPSTACK_STACK:-wpstack}" --tag binlog --group-by host,tags --keep-last 3 >/dev/null
	printf '%s' "${mark}" >"${WORK}/binlog-mark"
	printf '%s' "${flushed}" >"${WORK}/binlog-shipped"
	log "binary log shipped up to $(date -u -d "@${flushed}" '+%Y-%m-%d %H:%M:%S') UTC: ${count} new file(s), $(du -sh "${dir}" | cut -f1) kept (lineage ${lineage:0:8})"
}

cmd_list() {
	restic_run snapshots --host "${WPSTACK_STACK:-wpstack}" --tag manual --tag scheduled --tag safety --tag upgrade
	local binlog
	binlog="$(restic_run snapshots --json --host "${WPSTACK_STACK:-wpstack}" --tag binlog |
		jq -r 'sort_by(.time) | last | .time // empty')"
	if [[ -n "${binlog}" ]]; then
		echo "binary log (restore --to) shipped up to $(date -u -d "${binlog}" '+%Y-%m-%d %H:%M:%S') UTC"
	fi
}

cmd_check() {
	restic_run check
	log "repository ${RESTIC_REPOSITORY} checked: no errors"
}

# snapshot_id SNAPSHOT: the full id of SNAPSHOT (an id, a prefix of one, or latest: the newest
# that is not a safety snapshot, so that the one a restore takes first is never what it restores);
# dies naming the newest snapshots when there is none such.
snapshot_id() {
	local wanted="$1" found
	found="$(restic_run snapshots --json --host "${WPSTACK_STACK:-wpstack}" |
		jq -r --arg wanted "${wanted}" '
			[.[] | select((.tags // []) | index("binlog") | not)] |
			if $wanted == "latest" then ([.[] | select((.tags // []) | index("safety") | not)] | sort_by(.time) | last | .id // empty)
			else [.[] | select(.id | startswith($wanted)) | .id] | if length == 1 then .[0] else empty end
			end')"
	if [[ -z "${found}" ]]; then
		echo "wpstack-backup: no snapshot ${wanted} of stack ${WPSTACK_STACK:-wpstack}; the newest are:" >&2
		newest_snapshots
		exit 3
	fi
	printf '%s' "${found}"
}

newest_snapshots() {
	restic snapshots --host "${WPSTACK_STACK:-wpstack}" --tag manual --tag scheduled --tag safety --tag upgrade --latest 5 >&2 || true
}

# epoch: jq's seconds since the epoch of a restic snapshot's time (restic writes UTC here).
readonly EPOCH='(.time | sub("\\.[0-9]+"; "") | sub("[+]00:00$"; "Z") | fromdateiso8601)'

# base_before SNAPSHOT TIME: the snapshot a restore --to TIME starts from: SNAPSHOT, or with auto
# the newest snapshot taken before TIME (safety snapshots too: each is the state at its time).
base_before() {
	local wanted="$1" to="$2" limit id
	limit="$(date -u -d "${to}" +%s)" || die "not a time: ${to} (YYYY-MM-DD HH:MM:SS, UTC)"
	if [[ "${wanted}" != auto ]]; then
		id="$(snapshot_id "${wanted}")"
		if (($(restic_run snapshots --json "${id}" | jq -r ".[0] | ${EPOCH}") > limit)); then
			die "snapshot ${id:0:8} was taken after ${to} UTC; name an earlier one, or leave SNAPSHOT out (the newest before ${to})"
		fi
		printf '%s' "${id}"
		return
	fi
	id="$(restic_run snapshots --json --host "${WPSTACK_STACK:-wpstack}" |
		jq -r --argjson limit "${limit}" "[.[] | select((.tags // []) | index(\"binlog\") | not) | select(${EPOCH} <= \$limit)] | sort_by(.time) | last | .id // empty")"
	if [[ -z "${id}" ]]; then
		echo "wpstack-backup: no snapshot of stack ${WPSTACK_STACK:-wpstack} was taken before ${to} UTC, so there is nothing to replay the binary log onto; the snapshots are:" >&2
		newest_snapshots
		exit 3
	fi
	printf '%s' "${id}"
}

# replay_plan ID TIME: restores what restore --to replays after snapshot ID into ${WORK}/replay and
# sets REPLAY_POSITION and REPLAY_FILES (from the snapshot's position in the binary log to the
# newest file shipped); dies, changing nothing, when the repository lacks any of it.
REPLAY_POSITION="" REPLAY_FILES=()
replay_plan() {
	local id="$1" to="$2" lineage file position binlog shipped
	restic_run dump "${id}" "${DEPLOYMENT}" >"${WORK}/base.env"
	lineage="$(sed -n 's/^BINLOG_LINEAGE=//p' "${WORK}/base.env")"
	file="$(sed -n 's/^BINLOG_FILE=//p' "${WORK}/base.env")"
	position="$(sed -n 's/^BINLOG_POSITION=//p' "${WORK}/base.env")"
	[[ -n "${lineage}" && -n "${file}" && -n "${position}" ]] ||
		die "snapshot ${id:0:8} records no position in the binary log (MariaDB kept none when it was taken); restore it without --to"
	binlog="$(restic_run snapshots --json --host "${WPSTACK_STACK:-wpstack}" --tag "lineage=${lineage}" |
		jq -r 'sort_by(.time) | last | (.id + " " + .time) // empty')"
	[[ -n "${binlog}" ]] ||
		die "the repository holds no binary log of the server snapshot ${id:0:8} was taken on; restore the snapshot without --to"
	shipped="${binlog#* }"
	rm -rf "${WORK}/replay"
	restic_run restore "${binlog%% *}:${BINLOG}/${lineage}" --target "${WORK}/replay" >/dev/null
	[[ -f "${WORK}/replay/${file}" ]] ||
		die "the binary log in the repository does not reach back to ${file}, where snapshot ${id:0:8} starts (MariaDB keeps it 8 days: binlog_expire_logs_seconds); restore the snapshot without --to, or a later time"
	REPLAY_POSITION="${position}"
	REPLAY_FILES=()
	for name in "${WORK}/replay"/*; do
		[[ "${name##*/}" < "${file}" ]] || REPLAY_FILES+=("${name}")
	done
	if (($(date -u -d "${shipped}" +%s) < $(date -u -d "${to}" +%s))); then
		log "the binary log in the repository ends at $(date -u -d "${shipped}" '+%Y-%m-%d %H:%M:%S') UTC: what was written after it and before ${to} UTC is not in it"
	fi
	log "snapshot ${id:0:8}, then the binary log from ${file}:${position} until ${to} UTC (${#REPLAY_FILES[@]} file(s))"
}

# check_space ID [--delete]: dies, having changed nothing, when the data node has not the room restoring
# snapshot ID needs: the wp-content files it writes (restic's dry run: those that differ from the files
# there, without counting what it deletes), and twice the database dump (the job's copy of it, and what
# MariaDB writes loading it, on the disk of Docker's volumes), with a tenth spare.
check_space() {
	local id="$1" content dump content_free work_free need
	content="$(restic_run restore "${id}:${CONTENT}" --target "${CONTENT}" "${@:2}" --dry-run --json |
		jq -r 'select(.message_type == "summary") | .bytes_restored // 0' | tail -n 1)"
	dump="$(restic_run ls --json "${id}" "${DUMP}" | jq -r 'select(.message_type == "node") | .size' | tail -n 1)"
	content_free="$(df -B1 --output=avail "${CONTENT}" | tail -n 1)"
	work_free="$(df -B1 --output=avail "${WORK}" | tail -n 1)"
	# One disk under both (the job's own files and the volumes in /var/lib/docker): the same size.
	if [[ "$(stat -f -c '%S %b' "${CONTENT}")" == "$(stat -f -c '%S %b' "${WORK}")" ]]; then
		need=$(((${content:-0} + 2 * ${dump:-0}) * 11 / 10))
		((need <= content_free)) || no_space "${id}" "${need}" "${content_free}" \
			"the files of wp-content that differ from those there, and twice the database dump"
		return
	fi
	need=$((${content:-0} * 11 / 10))
	((need <= content_free)) || no_space "${id}" "${need}" "${content_free}" \
		"the files of wp-content that differ from those there, on the wp_content volume"
	need=$((2 * ${dump:-0} * 11 / 10))
	((need <= work_free)) || no_space "${id}" "${need}" "${work_free}" "twice the database dump"
}

# no_space ID NEED FREE WHAT: the message of check_space.
no_space() {
	die "not enough disk space on the data node to restore snapshot ${1:0:8}: it needs $(numfmt --to=iec "$2")B ($4, a tenth spare), $(numfmt --to=iec "$3")B are free; make room (old uploads, docker system prune) or grow the disk, then rerun; nothing was changed"
}

# ship_first: before a restore --to, the binary log up to now (what was written since the last
# shipping is replayed too); not from another machine's repository (restore --from).
ship_first() {
	if [[ -z "${WPSTACK_RESTORE_FROM:-}" ]]; then
		(cmd_ship) || log "could not ship the binary log now (above); the repository's is used"
	fi
}

# verify SNAPSHOT: says which snapshot SNAPSHOT names, or dies listing the newest.
cmd_verify() {
	local wanted="${1:?verify needs a snapshot id or latest}" id
	ensure_repository existing
	if [[ "${2:-}" == --to ]]; then
		local to="${3:?--to needs a time}"
		ship_first
		id="$(base_before "${wanted}" "${to}")"
		restic_run snapshots "${id}"
		replay_plan "${id}" "${to}"
		check_space "${id}"
		return
	fi
	id="$(snapshot_id "${wanted}")"
	restic_run snapshots "${id}"
	check_space "${id}" --delete
}

cmd_restore() {
	local wanted="${1:?restore needs a snapshot id or latest}" id defaults to="" delete=(--delete)
	[[ -d "${CONTENT}" ]] || die "${CONTENT} is not mounted (the wp_content volume)"
	mkdir -p "${WORK}"
	if [[ "${2:-}" == --to ]]; then
		to="${3:?--to needs a time}"
		# The verify job before it shipped the binary log up to then (TIME is never later than the
		# restore's start: ./wpstack restore refuses a time in the future).
		id="$(base_before "${wanted}" "${to}")"
		replay_plan "${id}" "${to}"
		# Files added after the snapshot stay: the database at TIME may point at them.
		delete=()
	else
		id="$(snapshot_id "${wanted}")"
	fi
	check_space "${id}" "${delete[@]}"
	log "restoring snapshot ${id:0:8}: the database"
	defaults="$(mysql_defaults)"
	restic_run dump "${id}" "${DUMP}" >"${DUMP}.restoring"
	mariadb --defaults-extra-file="${defaults}" <"${DUMP}.restoring" ||
		die "loading the database failed; rerun the restore (nothing else was changed yet)"
	rm -f "${DUMP}.restoring"
	if [[ -n "${to}" ]]; then
		log "replaying the binary log until ${to} UTC"
		# Each replayed transaction gets a new GTID from the server, not its old one (the log goes on
		# growing in order: a later restore --to replays through this one); a log with older replays
		# out of order is read all the same (--skip-gtid-strict-mode).
		mariadb-binlog --skip-gtid-strict-mode --start-position="${REPLAY_POSITION}" --stop-datetime="${to}" \
			"${REPLAY_FILES[@]}" | sed '/^\/\*M\{0,1\}!100001 SET @@session\.gtid_seq_no=[0-9]*\*\//d' |
			mariadb --defaults-extra-file="${defaults}" ||
			die "replaying the binary log failed (above); rerun the restore (wp-content was not changed yet)"
		rm -rf "${WORK}/replay"
	fi
	rm -f "${defaults}"
	log "restoring snapshot ${id:0:8}: wp-content"
	restic_run restore "${id}:${CONTENT}" --target "${CONTENT}" "${delete[@]}"
	log "snapshot ${id:0:8} restored${to:+, and the binary log replayed until ${to} UTC}"
}

# seconds DURATION: a duration such as 30m, 24h, 7d (or plain seconds) in seconds; 0 for off.
seconds() {
	local value="$1"
	case "${value}" in
	off | "" | 0) echo 0 ;;
	*[0-9]s) echo "${value%s}" ;;
	*[0-9]m) echo $((${value%m} * 60)) ;;
	*[0-9]h) echo $((${value%h} * 3600)) ;;
	*[0-9]d) echo $((${value%d} * 86400)) ;;
	*[0-9]) echo "${value}" ;;
	*) die "not a duration: ${value} (examples: 30m, 24h, 7d, off)" ;;
	esac
}

# last_time KIND: when the newest snapshot tagged KIND was taken (seconds since the epoch; 0: none).
last_time() {
	local time
	time="$(timeout 60 restic --no-lock snapshots --json --host "${WPSTACK_STACK:-wpstack}" --tag "$1" --latest 1 2>/dev/null |
		jq -r 'sort_by(.time) | last | .time // empty' || true)"
	if [[ -n "${time}" ]]; then date -d "${time}" +%s; else echo 0; fi
}

# metric NAME TYPE HELP VALUE: one metric of the backup service, labelled with the stack.
metric() {
	printf '# HELP wpstack_backup_%s %s\n# TYPE wpstack_backup_%s %s\nwpstack_backup_%s{stack="%s"} %s\n' \
		"$1" "$3" "$1" "$2" "$1" "${WPSTACK_STACK:-wpstack}" "$4"
}

# The scheduler's state, for its metrics: its last run and check (empty: none since it started).
RUN_TIME="" RUN_SUCCESS="" RUN_DURATION="" CHECK_TIME="" CHECK_SUCCESS="" SHIP_SUCCESS=""

# write_metrics INTERVAL BINLOG_INTERVAL: reads the repository's snapshots (without a lock, so that it never
# waits for a prune) and writes the metrics file that busybox httpd serves, in one rename.
write_metrics() {
	local interval="$1" binlog_interval="$2" status=0 up=1 json newest
	json="$(timeout 60 restic --no-lock snapshots --json --host "${WPSTACK_STACK:-wpstack}" 2>"${WORK}/metrics.err")" ||
		status=$?
	[[ "${status}" != 0 ]] || json="$(jq -c '[.[] | select((.tags // []) | index("binlog") | not)]' <<<"${json}")"
	case "${status}" in
	0) ;;
	10) json="[]" ;; # no repository yet: the first backup creates it
	*) up=0 ;;
	esac
	{
		metric interval_seconds gauge "How often the service takes a backup (BACKUP_INTERVAL; 0: off)." "${interval}"
		metric repository_up gauge "1 if the repository answered the last read of its snapshots, 0 if not." "${up}"
		if ((up == 1)); then
			metric snapshots gauge "Snapshots of this stack in the repository." "$(jq length <<<"${json}")"
			newest="$(jq -c 'sort_by(.time) | last // empty' <<<"${json}")"
			if [[ -n "${newest}" ]]; then
				metric last_snapshot_timestamp_seconds gauge "When the newest snapshot was taken." \
					"$(date -d "$(jq -r .time <<<"${newest}")" +%s)"
				metric last_snapshot_added_bytes gauge "What the newest snapshot added to the repository, before compression." \
					"$(jq '.summary.data_added // 0' <<<"${newest}")"
				metric last_snapshot_processed_bytes gauge "What the newest snapshot holds: the dump and wp-content." \
					"$(jq '.summary.total_bytes_processed // 0' <<<"${newest}")"
			fi
		fi
		if [[ -n "${RUN_TIME}" ]]; then
			metric last_run_timestamp_seconds gauge "When the service's last scheduled backup ended." "${RUN_TIME}"
			metric last_run_success gauge "1 if the service's last scheduled backup succeeded, 0 if it failed." "${RUN_SUCCESS}"
			metric last_run_duration_seconds gauge "How long the last scheduled backup took: dump, backup, forget --prune." "${RUN_DURATION}"
		fi
		metric binlog_interval_seconds gauge "How often the service ships MariaDB's binary log (BACKUP_BINLOG_INTERVAL; 0: off)." "${binlog_interval}"
		if [[ -s "${WORK}/binlog-shipped" ]]; then
			metric binlog_shipped_timestamp_seconds gauge "Up to when the binary log is in the repository (what restore --to can reach)." \
				"$(cat "${WORK}/binlog-shipped")"
		fi
		if [[ -n "${SHIP_SUCCESS}" ]]; then
			metric binlog_last_ship_success gauge "1 if the last shipping of the binary log succeeded, 0 if it failed." "${SHIP_SUCCESS}"
		fi
		if [[ -n "${CHECK_TIME}" ]]; then
			metric last_check_timestamp_seconds gauge "When the last restic check ended." "${CHECK_TIME}"
			metric last_check_success gauge "1 if the last restic check found no error, 0 if it failed." "${CHECK_SUCCESS}"
		fi
	} >"${METRICS}/metrics.txt.new"
	mv "${METRICS}/metrics.txt.new" "${METRICS}/metrics.txt"
	if ((up == 0)); then
		log "cannot read the repository ${RESTIC_REPOSITORY}: $(tail -n 1 "${WORK}/metrics.err")"
	fi
}

# wait_for_database: waits up to 5 minutes for MariaDB to answer, so that the first scheduled
# backup of a stack deployed with it does not fail on a database still starting.
wait_for_database() {
	local defaults tries=0
	defaults="$(mysql_defaults)"
	until mariadb --defaults-extra-file="${defaults}" -e 'SELECT 1' >/dev/null 2>&1; do
		if ((++tries >= 60)); then
			log "MariaDB does not answer yet; backing up anyway"
			break
		fi
		sleep 5
	done
	rm -f "${defaults}"
}

# scheduled_run: one scheduled backup, then forget --prune; records how it went.
scheduled_run() {
	local started status=0
	started="$(date +%s)"
	(cmd_backup scheduled) || status=$?
	if ((status == 0)) && [[ -n "${BACKUP_KEEP:-}" ]]; then
		# Only scheduled snapshots: keep-daily keeps one a day, which would drop the manual and
		# safety snapshots of the same day (a safety snapshot is how a restore is undone).
		# shellcheck disable=SC2086 # BACKUP_KEEP is a list of restic flags
		(restic_run forget --host "${WPSTACK_STACK:-wpstack}" --tag scheduled --prune ${BACKUP_KEEP}) ||
			log "forget --prune failed; the snapshots are kept"
	fi
	RUN_TIME="$(date +%s)"
	RUN_DURATION=$((RUN_TIME - started))
	RUN_SUCCESS=$((status == 0 ? 1 : 0))
	return "${status}"
}

cmd_schedule() {
	local interval check_interval binlog_interval last now last_check=0 retry=0 shipped=0
	local port="${BACKUP_METRICS_PORT:-9190}"
	interval="$(seconds "${BACKUP_INTERVAL:-off}")"
	check_interval="$(seconds "${BACKUP_CHECK_INTERVAL:-off}")"
	binlog_interval="$(seconds "${BACKUP_BINLOG_INTERVAL:-off}")"
	mkdir -p "${METRICS}"
	write_metrics "${interval}" "${binlog_interval}"
	busybox httpd -p "${port}" -h "${METRICS}" || die "cannot serve the metrics on port ${port}"
	if ((interval == 0)); then
		log "scheduled backups are off (BACKUP_INTERVAL); ./wpstack backup still works"
	else
		log "a backup every ${BACKUP_INTERVAL} to ${RESTIC_REPOSITORY}, keeping ${BACKUP_KEEP:-all}"
	fi
	if ((binlog_interval > 0)); then
		log "the binary log shipped every ${BACKUP_BINLOG_INTERVAL} (restore --to)"
	fi
	if ((interval > 0 || binlog_interval > 0)); then
		wait_for_database
	fi
	while true; do
		now="$(date +%s)"
		# The newest scheduled snapshot is read from the repository, so a restarted service
		# neither repeats a backup nor misses one. A failed one is tried again after 5 minutes.
		if ((interval > 0 && now >= retry)); then
			last="$(last_time scheduled)"
			if ((now - last >= interval)); then
				if scheduled_run; then
					if ((check_interval > 0 && now - last_check >= check_interval)); then
						CHECK_SUCCESS=0
						if (cmd_check); then
							CHECK_SUCCESS=1
							last_check="${now}"
						fi
						CHECK_TIME="$(date +%s)"
					fi
				else
					log "the scheduled backup failed; next try in 5 minutes"
					retry=$((now + 300))
				fi
			fi
		fi
		if ((binlog_interval > 0 && now - shipped >= binlog_interval)); then
			shipped="${now}"
			if (cmd_ship); then SHIP_SUCCESS=1; else
				SHIP_SUCCESS=0
				log "shipping the binary log failed; next try in ${BACKUP_BINLOG_INTERVAL}"
			fi
		fi
		# Every minute, so that a backup taken by ./wpstack backup shows within a minute; sooner
		# when the binary log is due.
		write_metrics "${interval}" "${binlog_interval}"
		local pause=60 due
		if ((binlog_interval > 0)); then
			due=$((shipped + binlog_interval - $(date +%s)))
			((due >= pause)) || pause=$((due > 1 ? due : 1))
		fi
		sleep "${pause}"
	done
}

# export_credentials FILE: the repository's credentials, NAME=VALUE lines (up checked them; blank
# lines and # comments aside), into the environment restic and rclone read; none without FILE.
export_credentials() {
	local line
	[[ -r "$1" ]] || return 0
	while IFS= read -r line || [[ -n "${line}" ]]; do
		line="${line#"${line%%[![:space:]]*}"}"
		line="${line%"${line##*[![:space:]]}"}"
		[[ -n "${line}" && "${line}" != \#* ]] || continue
		[[ "${line}" =~ ^[A-Z_][A-Z0-9_]*= ]] || die "$1: a line is not NAME=VALUE (${CREDENTIALS_SOURCE})"
		export "${line?}"
	done <"$1"
}

# maintenance on|off: the flag file on Caddy's volume (mounted at /caddy-data) that makes Caddy
# answer 503 (config/caddy/Caddyfile).
cmd_maintenance() {
	[[ -d /caddy-data ]] || die "/caddy-data is not mounted (Caddy's caddy_data volume)"
	case "${1:-}" in
	on) date -u '+%Y-%m-%dT%H:%M:%SZ' >/caddy-data/wpstack-maintenance ;;
	off) rm -f /caddy-data/wpstack-maintenance ;;
	*) die "maintenance needs on or off" ;;
	esac
	log "maintenance ${1}"
}

main() {
	local command="${1:-schedule}"
	shift || true
	if [[ "${command}" == maintenance ]]; then
		cmd_maintenance "$@"
		return
	fi
	export RESTIC_REPOSITORY="${RESTIC_REPOSITORY:-/repository}"
	export RESTIC_PASSWORD_FILE="${RESTIC_PASSWORD_FILE:-/run/secrets/backup_repo_pass}"
	if [[ -n "${WPSTACK_RESTORE_FROM:-}" ]]; then
		# restore --from: another repository (a lost machine's), its password a secret of the job.
		[[ "${command}" == verify || "${command}" == restore ]] || die "WPSTACK_RESTORE_FROM is for verify and restore only"
		export RESTIC_REPOSITORY="${WPSTACK_RESTORE_FROM}" RESTIC_PASSWORD_FILE=/run/secrets/restore_from_pass
		PASSWORD_SOURCE="the password given to restore --from"
		CREDENTIALS_SOURCE="the --credentials-file of restore --from"
		export_credentials /run/secrets/restore_from_env
	else
		export_credentials /run/secrets/backup_repo_env
	fi
	[[ -r "${RESTIC_PASSWORD_FILE}" ]] || die "the repository password ${RESTIC_PASSWORD_FILE} is missing (the backup_repo_pass secret)"
	case "${command}" in
	schedule | backup | ship | list | check | verify | restore) "cmd_${command}" "$@" ;;
	*) die "unknown command ${command}; commands: schedule backup ship list check verify restore" ;;
	esac
}

main "$@"
