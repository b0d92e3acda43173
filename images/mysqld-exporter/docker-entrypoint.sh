#!/bin/bash
# MYSQLD_EXPORTER_PASSWORD_FILE=/run/secrets/NAME: export the file's content (without a trailing
# newline) as MYSQLD_EXPORTER_PASSWORD, which mysqld_exporter reads; then run the command.
# The password never appears in the service's environment, `docker inspect` or a config file.
set -euo pipefail

die() { echo "mysqld-exporter-entrypoint: error: $*" >&2; exit 1; }

# shellcheck source=images/common/secrets.sh
. /usr/local/lib/wpstack/secrets.sh

if [[ -n "${MYSQLD_EXPORTER_PASSWORD_FILE:-}" ]]; then
	MYSQLD_EXPORTER_PASSWORD="$(read_secret "${MYSQLD_EXPORTER_PASSWORD_FILE}")"
	export MYSQLD_EXPORTER_PASSWORD
	unset MYSQLD_EXPORTER_PASSWORD_FILE
fi
exec "$@"
