#!/bin/bash
# MYSQLD_EXPORTER_PASSWORD_FILE=/run/secrets/NAME: export the file's content (without a trailing
# newline) as MYSQLD_EXPORTER_PASSWORD, which mysqld_exporter reads; then run the command.
# The password never appears in the service's environment, `docker inspect` or a config file.
set -euo pipefail

die() { echo "mysqld-exporter-entrypoint: error: $*" >&2; exit 1; }

if [[ -n "${MYSQLD_EXPORTER_PASSWORD_FILE:-}" ]]; then
	[[ -r "${MYSQLD_EXPORTER_PASSWORD_FILE}" ]] \
		|| die "MYSQLD_EXPORTER_PASSWORD_FILE=${MYSQLD_EXPORTER_PASSWORD_FILE} is missing or unreadable"
	MYSQLD_EXPORTER_PASSWORD="$(<"${MYSQLD_EXPORTER_PASSWORD_FILE}")"
	MYSQLD_EXPORTER_PASSWORD="${MYSQLD_EXPORTER_PASSWORD%$'\n'}"
	[[ -n "${MYSQLD_EXPORTER_PASSWORD}" ]] || die "${MYSQLD_EXPORTER_PASSWORD_FILE} is empty"
	export MYSQLD_EXPORTER_PASSWORD
	unset MYSQLD_EXPORTER_PASSWORD_FILE
fi
exec "$@"
