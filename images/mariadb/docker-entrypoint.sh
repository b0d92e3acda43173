#!/bin/bash
# Initialises an empty data directory once (root password, database, user from the
# environment or *_FILE secrets), then runs mariadbd. An existing data directory is never touched.
set -euo pipefail

readonly DATADIR=/var/lib/mysql
readonly MARKER="${DATADIR}/.wpstack-initialising"
readonly INIT_SOCKET=/run/mysqld/init.sock

log() { echo "mariadb-entrypoint: $*" >&2; }
die() { log "error: $*"; exit 1; }

# file_env VAR [DEFAULT]: VAR from $VAR or from the file named by $VAR_FILE, not both.
file_env() {
	local var="$1" def="${2:-}" file_var="${1}_FILE" val
	val="${!var:-}"
	if [[ -n "${val}" && -n "${!file_var:-}" ]]; then
		die "both ${var} and ${file_var} are set; set only one"
	fi
	if [[ -n "${!file_var:-}" ]]; then
		[[ -r "${!file_var}" ]] || die "${file_var}=${!file_var} is not readable"
		val="$(<"${!file_var}")"
		[[ -n "${val}" ]] || die "${file_var}=${!file_var} is empty"
	fi
	printf -v "${var}" '%s' "${val:-${def}}"
	export "${var?}"
	unset "${file_var}"
}

sql_string() {
	local s="$1"
	s="${s//\\/\\\\}"
	s="${s//\'/\\\'}"
	printf "'%s'" "${s}"
}

sql_identifier() { printf '%s%s%s' '`' "${1//\`/\`\`}" '`'; }

read_settings() {
	file_env MARIADB_ROOT_PASSWORD
	file_env MARIADB_PASSWORD
	: "${MARIADB_DATABASE:=}" "${MARIADB_USER:=}" "${MARIADB_ROOT_HOST:=%}"
	[[ -n "${MARIADB_ROOT_PASSWORD}" ]] || die "set MARIADB_ROOT_PASSWORD or MARIADB_ROOT_PASSWORD_FILE"
	if [[ -n "${MARIADB_USER}" && -z "${MARIADB_PASSWORD}" ]]; then
		die "MARIADB_USER=${MARIADB_USER} needs MARIADB_PASSWORD or MARIADB_PASSWORD_FILE"
	fi
	[[ "${MARIADB_USER}" != root ]] || die "MARIADB_USER must not be root; root is created from MARIADB_ROOT_PASSWORD"
}

# The data directory is ours to (re)initialise only when it has no system tables, or when a
# previous initialisation of ours was interrupted (the marker is still there).
needs_init() {
	if [[ -e "${MARKER}" ]]; then
		log "a previous initialisation was interrupted; starting it again"
		find "${DATADIR}" -mindepth 1 -delete
		return 0
	fi
	[[ ! -d "${DATADIR}/mysql" ]]
}

install_system_tables() {
	touch "${MARKER}"
	mariadb-install-db --datadir="${DATADIR}" --skip-test-db --auth-root-authentication-method=normal \
		--skip-name-resolve --default-time-zone=SYSTEM --skip-log-bin >/dev/null
}

start_temporary_server() {
	mariadbd --datadir="${DATADIR}" --skip-networking --socket="${INIT_SOCKET}" --skip-log-bin \
		--default-time-zone=SYSTEM &
	local pid=$! tries=60
	while ((tries-- > 0)); do
		if mariadb-admin --socket="${INIT_SOCKET}" --user=root ping >/dev/null 2>&1; then
			return 0
		fi
		kill -0 "${pid}" 2>/dev/null || die "the temporary server exited during initialisation"
		sleep 1
	done
	die "the temporary server did not answer within 60 s"
}

# init_sql ends with SHUTDOWN (root has its password by then): wait for the server to exit.
wait_for_temporary_server_exit() {
	wait || die "the temporary server failed while shutting down"
}

# Written to the client's stdin, so no password shows in a process list.
init_sql() {
	local root_pw root_host
	root_pw="$(sql_string "${MARIADB_ROOT_PASSWORD}")"
	root_host="$(sql_string "${MARIADB_ROOT_HOST}")"
	cat <<-SQL
	SET @@SESSION.SQL_LOG_BIN=0;
	SET @@SESSION.SQL_MODE=REPLACE(@@SESSION.SQL_MODE, 'NO_BACKSLASH_ESCAPES', '');
	DELETE FROM mysql.global_priv WHERE user NOT IN ('mysql.sys', 'mariadb.sys', 'root') OR host NOT IN ('localhost');
	FLUSH PRIVILEGES;
	ALTER USER 'root'@'localhost' IDENTIFIED BY ${root_pw};
	SQL
	if [[ "${MARIADB_ROOT_HOST}" != localhost ]]; then
		cat <<-SQL
		CREATE USER 'root'@${root_host} IDENTIFIED BY ${root_pw};
		GRANT ALL ON *.* TO 'root'@${root_host} WITH GRANT OPTION;
		GRANT PROXY ON ''@'%' TO 'root'@${root_host} WITH GRANT OPTION;
		SQL
	fi
	if [[ -n "${MARIADB_DATABASE}" ]]; then
		echo "CREATE DATABASE IF NOT EXISTS $(sql_identifier "${MARIADB_DATABASE}");"
	fi
	if [[ -n "${MARIADB_USER}" ]]; then
		echo "CREATE USER $(sql_string "${MARIADB_USER}")@'%' IDENTIFIED BY $(sql_string "${MARIADB_PASSWORD}");"
		if [[ -n "${MARIADB_DATABASE}" ]]; then
			echo "GRANT ALL ON $(sql_identifier "${MARIADB_DATABASE}").* TO $(sql_string "${MARIADB_USER}")@'%';"
		fi
	fi
	echo "SHUTDOWN;"
}

initialise() {
	log "initialising an empty data directory"
	install_system_tables
	start_temporary_server
	init_sql | mariadb --socket="${INIT_SOCKET}" --user=root --batch
	wait_for_temporary_server_exit
	rm -f "${MARKER}"
	log "initialised: database '${MARIADB_DATABASE}', user '${MARIADB_USER}'"
}

main() {
	if [[ "${1:-}" == mariadbd ]]; then
		if needs_init; then
			read_settings
			initialise
		else
			log "existing data directory, leaving it as it is"
		fi
		unset MARIADB_ROOT_PASSWORD MARIADB_PASSWORD
	fi
	exec "$@"
}

main "$@"
