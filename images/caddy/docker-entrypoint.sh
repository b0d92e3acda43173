#!/bin/bash
# Exports, for the Caddyfile's {$VAR} placeholders:
#   ADMINER_AUTH_USER, ADMINER_AUTH_HASH  from the secrets lb_admin_user / lb_admin_pass
#     (base64 of a bcrypt hash, computed here at start; the password itself is never exported)
#   WORDPRESS_ADDRESS, ADMINER_ADDRESS, CADDY_TLS_OPTIONS  from DOMAIN, TLS and SITE_HOSTS:
#     DOMAIN set    -> HTTPS for DOMAIN (Adminer on DOMAIN:8888): from an ACME CA, or with
#                      TLS=internal from Caddy's local CA
#     TLS=internal  -> HTTPS from Caddy's local CA for every host of SITE_HOSTS (the
#                      addresses and names ./wpstack up found for the swarm's nodes, localhost)
#     neither       -> plain HTTP on :HTTP_PORT and :8888, for any host
# then runs the command (caddy run by default).
set -euo pipefail

die() { echo "caddy-entrypoint: error: $*" >&2; exit 1; }

# shellcheck source=images/common/secrets.sh
. /usr/local/lib/wpstack/secrets.sh

# basic_auth_hash PASSWORD: its bcrypt hash for the Caddyfile. bcrypt costs about a second here, on
# the path of every Caddy start, which is the time the site is down while Caddy rolls (stop-first,
# host-mode ports). So the hash is kept on Caddy's volume (/data, beside its TLS keys, mode 0600)
# with a random salt and the salted SHA-256 of the password it belongs to: the next start with the
# same password reads it instead of computing it; a new password (rotated secret) computes a new one.
basic_auth_hash() {
	local pass="$1" cache="${XDG_DATA_HOME:-/data}/wpstack/basic-auth-hash" salt="" digest="" hash=""
	if [[ -r "${cache}" ]]; then
		read -r salt digest hash <"${cache}" || true
		if [[ -n "${salt}" && -n "${hash}" && "$(printf '%s%s' "${salt}" "${pass}" | sha256sum)" == "${digest}  -" ]]; then
			printf '%s' "${hash}"
			return
		fi
	fi
	# The password goes to caddy on stdin, never on a command line.
	hash="$(printf '%s\n' "${pass}" | caddy hash-password)"
	salt="$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')"
	digest="$(printf '%s%s' "${salt}" "${pass}" | sha256sum)"
	if mkdir -p "${cache%/*}" 2>/dev/null \
		&& (umask 077 && printf '%s %s %s\n' "${salt}" "${digest%  -}" "${hash}" >"${cache}.tmp") 2>/dev/null; then
		mv -f "${cache}.tmp" "${cache}"
	fi
	printf '%s' "${hash}"
}

export_basic_auth() {
	local user pass hash
	user="$(read_secret "${ADMINER_AUTH_USER_FILE:-/run/secrets/lb_admin_user}")"
	pass="$(read_secret "${ADMINER_AUTH_PASSWORD_FILE:-/run/secrets/lb_admin_pass}")"
	[[ "${user}" =~ ^[A-Za-z0-9._@-]+$ ]] || die "the basic-auth user name may hold only letters, digits and . _ @ -"
	hash="$(basic_auth_hash "${pass}")"
	export ADMINER_AUTH_USER="${user}"
	ADMINER_AUTH_HASH="$(printf '%s' "${hash}" | base64 -w0)"
	export ADMINER_AUTH_HASH
}

# join SEPARATOR SUFFIX WORD...: the words, each with SUFFIX, separated by SEPARATOR.
join() {
	local separator="$1" suffix="$2" out="" word
	shift 2
	for word in "$@"; do out+="${out:+${separator}}${word}${suffix}"; done
	printf '%s' "${out}"
}

export_site_addresses() {
	local domain="${DOMAIN:-}" tls="${TLS:-}" host
	local -a hosts=()
	[[ -z "${tls}" || "${tls}" == internal ]] \
		|| die "TLS=${tls}: use TLS=internal (Caddy's local CA) or leave it empty"
	[[ "${domain}" =~ ^[A-Za-z0-9.-]*$ ]] || die "DOMAIN=${domain} is not a host name"
	read -r -a hosts <<<"${SITE_HOSTS:-localhost}"
	for host in "${hosts[@]}"; do
		[[ "${host}" =~ ^[A-Za-z0-9.-]+$ ]] || die "SITE_HOSTS: \"${host}\" is not a host name or IPv4 address"
	done
	CADDY_TLS_OPTIONS=""
	# HTTPS sites name their port: Caddy's redirect from HTTP then names it too.
	if [[ -n "${domain}" ]]; then
		WORDPRESS_ADDRESS="${domain}:${HTTPS_PORT:-443}"
		ADMINER_ADDRESS="${domain}:8888"
	elif [[ "${tls}" == internal ]]; then
		# A certificate from the local CA for every address the site answers to; a client that
		# sends no server name (an address typed into the browser) gets the first one's.
		WORDPRESS_ADDRESS="$(join ', ' ":${HTTPS_PORT:-443}" "${hosts[@]}")"
		ADMINER_ADDRESS="$(join ', ' ':8888' "${hosts[@]}")"
		CADDY_TLS_OPTIONS="default_sni ${hosts[0]}"
	else
		WORDPRESS_ADDRESS="http://:${HTTP_PORT:-80}"
		ADMINER_ADDRESS="http://:8888"
	fi
	if [[ "${tls}" == internal ]]; then
		CADDY_TLS_OPTIONS="local_certs${CADDY_TLS_OPTIONS:+
	${CADDY_TLS_OPTIONS}}"
	fi
	# With HTTPS, plain HTTP redirects to the site's HTTPS port. Caddy's automatic redirect could
	# pick Adminer's port (the same host serves both), so this site block says it instead.
	CADDY_REDIRECT_SITE=""
	if [[ -n "${domain}" || "${tls}" == internal ]]; then
		local port_suffix=":${HTTPS_PORT:-443}"
		[[ "${port_suffix}" != ":443" ]] || port_suffix=""
		[[ -z "${domain}" ]] || hosts=("${domain}")
		CADDY_TLS_OPTIONS="auto_https disable_redirects${CADDY_TLS_OPTIONS:+
	${CADDY_TLS_OPTIONS}}"
		CADDY_REDIRECT_SITE="$(join ', ' ":${HTTP_PORT:-80}" "${hosts[@]/#/http://}") {
	redir https://{host}${port_suffix}{uri} 308
}"
	fi
	export CADDY_TLS_OPTIONS WORDPRESS_ADDRESS ADMINER_ADDRESS CADDY_REDIRECT_SITE
}

main() {
	if [[ "${1:-}" == caddy ]]; then
		export_basic_auth
		export_site_addresses
	fi
	exec "$@"
}

main "$@"
