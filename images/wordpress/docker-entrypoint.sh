#!/bin/bash
# Prepares wp-content on its volume and brings the database up to this WordPress, then runs the
# command (Apache by default).
# Configuration is read at request time by /etc/wordpress/config-default.php; nothing here
# rewrites a config file.
set -euo pipefail

readonly PACKAGE_CONTENT=/usr/share/wordpress/wp-content
readonly CONTENT=/var/lib/wordpress/wp-content
readonly MU_PLUGINS=/usr/local/share/wpstack/mu-plugins
readonly DB_DROPIN=/usr/local/share/wpstack/db.php
readonly UPGRADE_DB=/usr/local/share/wpstack/upgrade-db.php

# Link every theme the package ships into wp-content, keeping whatever is there (a volume
# created by an older image keeps working when the image adds a theme). The package's plugins
# are not linked: an inactive plugin nobody asked for is what Site Health warns about; links an
# older image made to them are removed. wpstack's must-use plugins come from the image.
link_package_content() {
	local entry target
	mkdir -p "${CONTENT}/themes" "${CONTENT}/plugins" "${CONTENT}/mu-plugins" "${CONTENT}/uploads"
	for entry in "${PACKAGE_CONTENT}/themes"/*; do
		[[ -e "${entry}" ]] || continue
		target="${CONTENT}/themes/${entry##*/}"
		[[ -e "${target}" || -L "${target}" ]] || ln -s "${entry}" "${target}"
	done
	for target in "${CONTENT}/plugins"/*; do
		if [[ -L "${target}" && "$(readlink "${target}")" == "${PACKAGE_CONTENT}/plugins/"* ]]; then
			rm -f "${target}"
		fi
	done
	# The backups record which WordPress last ran over this content (./wpstack backup list).
	mkdir -p "${CONTENT}/.wpstack"
	# shellcheck disable=SC2016 # PHP's variable, not the shell's
	php -r 'include "/usr/share/wordpress/wp-includes/version.php"; echo $wp_version;' \
		>"${CONTENT}/.wpstack/wordpress-version" || true
	for entry in "${MU_PLUGINS}"/*.php; do
		[[ -e "${entry}" ]] || continue
		ln -sfn "${entry}" "${CONTENT}/mu-plugins/${entry##*/}"
	done
	link_db_dropin
}

# wp-content/db.php: wpstack's wpdb, which waits for a restarting database (images/wordpress/db.php).
# A db.php of someone else's (a plugin such as Query Monitor installs one) is kept, and said.
link_db_dropin() {
	local target="${CONTENT}/db.php"
	if [[ -e "${target}" || -L "${target}" ]] && [[ "$(readlink "${target}")" != "${DB_DROPIN}" ]]; then
		echo "wordpress: ${target} is not wpstack's; kept (page views fail at once while the database restarts)" >&2
		return
	fi
	ln -sfn "${DB_DROPIN}" "${target}"
}

# The database is brought up to this image's WordPress before Apache serves (images/wordpress/
# upgrade-db.php): the task is healthy, and so reached, only once Apache runs. While the database
# starts, it asks again for up to a minute, then lets Apache start anyway (./wpstack up upgrades
# once more after its deploy).
upgrade_database() {
	local state="" attempt from to
	for ((attempt = 1; attempt <= 30; attempt++)); do
		state="$(php "${UPGRADE_DB}" 2>&1 | tail -n 1)" || true
		[[ "${state}" == no-database ]] || break
		sleep 2
	done
	case "${state}" in
		upgraded\ *)
			read -r _ from to <<<"${state}"
			echo "wordpress: database upgraded from db_version ${from} to ${to} (this replica, once for all)" >&2
			;;
		newer\ *)
			read -r _ from to <<<"${state}"
			echo "wordpress: the database (db_version ${from}) is newer than this WordPress (${to}); served as it is" >&2
			;;
		current\ * | not-installed) ;;
		*) echo "wordpress: database upgrade: ${state}" >&2 ;;
	esac
}

check_content_writable() {
	if [[ ! -w "${CONTENT}" ]]; then
		echo "wordpress: ${CONTENT} is not writable by $(id -un); chown the volume to www-data" >&2
		exit 1
	fi
}

main() {
	if [[ "${1:-}" == apache2 ]]; then
		check_content_writable
		link_package_content
		upgrade_database
	fi
	exec "$@"
}

main "$@"
