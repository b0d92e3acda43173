#!/bin/bash
# wpstack-backup COMMAND: the wpstack stack's backups, with restic.
#
#   schedule            the backup service: a backup every BACKUP_INTERVAL, then forget --prune
#                       with BACKUP_KEEP, and a check every BACKUP_CHECK_INTERVAL ("off": none);
#                       its metrics (the repository's snapshots, the last run and check) on
#                       :BACKUP_METRICS_PORT/metrics.txt, for Prometheus
#   backup [KIND]       one snapshot now (KIND: manual, scheduled or safety; a tag)
#   list                the snapshots
#   check               restic check (the repository's structure and the data it references)
#   maintenance on|off  Caddy's maintenance flag (a job on Caddy's node, its volume at /caddy-data)
#   verify SNAPSHOT     which snapshot SNAPSHOT (an id, a prefix of one, latest) names
#   restore SNAPSHOT    the snapshot's database and wp-content, replacing what is there
#
# A snapshot holds, together: /wpstack/database.sql (mariadb-dump --single-transaction, with
# routines, triggers and events: consistent without locking the site), /wpstack/deployment.env
# (environment, wpstack and WordPress versions) and /wp-content (uploads, plugins, themes).
# No secret is in it. Environment: RESTIC_REPOSITORY, RESTIC_PASSWORD_FILE, DB_HOST, DB_NAME,
# DB_ROOT_PASSWORD_FILE, WPSTACK_STACK, WPSTACK_ENV, WPSTACK_VERSION and the BACKUP_* above.
set -euo pipefail

readonly CONTENT=/wp-content
readonly WORK=/wpstack
readonly DUMP="${WORK}/database.sql"
readonly DEPLOYMENT="${WORK}/deployment.env"
readonly METRICS="${WORK}/metrics"
# restic retries a repository that does not answer for 15 minutes; a backup asks it first and
# gives up after this many seconds, naming it.
readonly REACH_TIMEOUT=90

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
	12) die "wrong password for the repository ${RESTIC_REPOSITORY}; backup_repo_pass in the credentials file must be the password it was created with" ;;
	*) die "restic $1 failed (exit ${status}); the lines above say why" ;;
	esac
}

# ensure_repository: creates the repository when there is none (restic says so with exit 10);
# dies when it does not answer within REACH_TIMEOUT seconds.
ensure_repository() {
	local status=0
	timeout "${REACH_TIMEOUT}" restic cat config >/dev/null 2>"${WORK}/reach.err" || status=$?
	case "${status}" in
	0) ;;
	10)
		log "creating the restic repository ${RESTIC_REPOSITORY}"
		restic_run init
		;;
	124)
		tail -n 3 "${WORK}/reach.err" >&2
		die "the repository ${RESTIC_REPOSITORY} did not answer within ${REACH_TIMEOUT} s (above: restic's last tries); is it reachable from the data node? (BACKUP_REPOSITORY)"
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

cmd_backup() {
	local kind="${1:-manual}" defaults started
	started="$(date +%s)"
	[[ -d "${CONTENT}" ]] || die "${CONTENT} is not mounted (the wp_content volume)"
	mkdir -p "${WORK}"
	ensure_repository
	defaults="$(mysql_defaults)"
	log "dumping the database ${DB_NAME:-wordpress} (mariadb-dump --single-transaction)"
	mariadb-dump --defaults-extra-file="${defaults}" --single-transaction --quick --routines --triggers \
		--events --hex-blob --add-drop-database --databases "${DB_NAME:-wordpress}" >"${DUMP}" ||
		die "mariadb-dump failed; is MariaDB up (./wpstack status)?"
	local version db_version
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
	if [[ "${kind}" == safety ]]; then
		log "safety snapshot ${id}: ./wpstack restore ${id} --yes brings back the state before this restore"
	fi
}

cmd_list() {
	restic_run snapshots --host "${WPSTACK_STACK:-wpstack}"
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
			if $wanted == "latest" then ([.[] | select((.tags // []) | index("safety") | not)] | sort_by(.time) | last | .id // empty)
			else [.[] | select(.id | startswith($wanted)) | .id] | if length == 1 then .[0] else empty end
			end')"
	if [[ -z "${found}" ]]; then
		echo "wpstack-backup: no snapshot ${wanted} of stack ${WPSTACK_STACK:-wpstack}; the newest are:" >&2
		restic snapshots --host "${WPSTACK_STACK:-wpstack}" --latest 5 >&2 || true
		exit 3
	fi
	printf '%s' "${found}"
}

# verify SNAPSHOT: says which snapshot SNAPSHOT names, or dies listing the newest.
cmd_verify() {
	local id
	id="$(snapshot_id "${1:?verify needs a snapshot id or latest}")"
	restic_run snapshots "${id}"
}

cmd_restore() {
	local wanted="${1:?restore needs a snapshot id or latest}" id defaults
	[[ -d "${CONTENT}" ]] || die "${CONTENT} is not mounted (the wp_content volume)"
	mkdir -p "${WORK}"
	id="$(snapshot_id "${wanted}")"
	log "restoring snapshot ${id:0:8}: the database"
	defaults="$(mysql_defaults)"
	restic_run dump "${id}" "${DUMP}" >"${DUMP}.restoring"
	mariadb --defaults-extra-file="${defaults}" <"${DUMP}.restoring" ||
		die "loading the database failed; rerun the restore (nothing else was changed yet)"
	rm -f "${defaults}" "${DUMP}.restoring"
	log "restoring snapshot ${id:0:8}: wp-content"
	restic_run restore "${id}:${CONTENT}" --target "${CONTENT}" --delete
	log "snapshot ${id:0:8} restored"
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
RUN_TIME="" RUN_SUCCESS="" RUN_DURATION="" CHECK_TIME="" CHECK_SUCCESS=""

# write_metrics INTERVAL: reads the repository's snapshots (without a lock, so that it never
# waits for a prune) and writes the metrics file that busybox httpd serves, in one rename.
write_metrics() {
	local interval="$1" status=0 up=1 json newest
	json="$(timeout 60 restic --no-lock snapshots --json --host "${WPSTACK_STACK:-wpstack}" 2>"${WORK}/metrics.err")" ||
		status=$?
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
	local interval check_interval last now last_check=0 port="${BACKUP_METRICS_PORT:-9190}"
	interval="$(seconds "${BACKUP_INTERVAL:-off}")"
	check_interval="$(seconds "${BACKUP_CHECK_INTERVAL:-off}")"
	mkdir -p "${METRICS}"
	write_metrics "${interval}"
	busybox httpd -p "${port}" -h "${METRICS}" || die "cannot serve the metrics on port ${port}"
	if ((interval == 0)); then
		log "scheduled backups are off (BACKUP_INTERVAL); ./wpstack backup still works"
	else
		log "a backup every ${BACKUP_INTERVAL} to ${RESTIC_REPOSITORY}, keeping ${BACKUP_KEEP:-all}"
		wait_for_database
	fi
	while true; do
		# The newest scheduled snapshot is read from the repository, so a restarted service
		# neither repeats a backup nor misses one.
		if ((interval > 0)); then
			last="$(last_time scheduled)"
			now="$(date +%s)"
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
					write_metrics "${interval}"
					sleep 300
					continue
				fi
			fi
		fi
		# Every minute, so that a backup taken by ./wpstack backup shows within a minute.
		write_metrics "${interval}"
		sleep 60
	done
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
	[[ -r "${RESTIC_PASSWORD_FILE}" ]] || die "the repository password ${RESTIC_PASSWORD_FILE} is missing (the backup_repo_pass secret)"
	case "${command}" in
	schedule | backup | list | check | verify | restore) "cmd_${command}" "$@" ;;
	*) die "unknown command ${command}; commands: schedule backup list check verify restore" ;;
	esac
}

main "$@"
