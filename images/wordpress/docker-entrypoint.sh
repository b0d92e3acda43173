#!/bin/bash
# Prepares wp-content on its volume, then runs the command (Apache by default).
# Configuration is read at request time by /etc/wordpress/config-default.php; nothing here
# rewrites a config file.
set -euo pipefail

readonly PACKAGE_CONTENT=/usr/share/wordpress/wp-content
readonly CONTENT=/var/lib/wordpress/wp-content
readonly MU_PLUGINS=/usr/local/share/wpstack/mu-plugins

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
	fi
	exec "$@"
}

main "$@"
