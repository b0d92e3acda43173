# shellcheck shell=bash
# Sourced by the images' entry scripts (installed as /usr/local/lib/wpstack/secrets.sh); the
# sourcing script defines die MESSAGE.

# read_secret FILE: the file's content without its trailing newline; dies when the file is
# missing, unreadable or empty.
read_secret() {
	local file="$1" value
	[[ -r "${file}" ]] || die "secret file ${file} is missing or unreadable"
	value="$(<"${file}")"
	value="${value%$'\n'}"
	[[ -n "${value}" ]] || die "secret file ${file} is empty"
	printf '%s' "${value}"
}
