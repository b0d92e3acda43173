#!/bin/bash
# Prepares wp-content on its volume, then runs the command (Apache by default).
# Configuration is read at request time by /etc/wordpress/config-default.php; nothing here
# rewrites a config file.
set -euo pipefail

readonly PACKAGE_CONTENT=/usr/share/wordpress/wp-content
readonly CONTENT=/var/lib/wordpress/wp-content

# Link every theme and plugin the package ships into wp-content, keeping whatever is there
# (a volume created by an older image keeps working when the image adds a theme).
link_package_content() {
	local kind entry target
	for kind in themes plugins; do
		mkdir -p "${CONTENT}/${kind}"
		for entry in "${PACKAGE_CONTENT}/${kind}"/*; do
			[[ -e "${entry}" ]] || continue
			target="${CONTENT}/${kind}/${entry##*/}"
			[[ -e "${target}" || -L "${target}" ]] || ln -s "${entry}" "${target}"
		done
	done
	mkdir -p "${CONTENT}/uploads"
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
