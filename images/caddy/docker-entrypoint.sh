#!/bin/bash
# Exports, for the Caddyfile's {$VAR} placeholders:
#   ADMINER_AUTH_USER, ADMINER_AUTH_HASH  from the secrets lb_admin_user / lb_admin_pass
#     (base64 of a bcrypt hash, computed here at start; the password itself is never exported)
#   WORDPRESS_ADDRESS, ADMINER_ADDRESS, CADDY_LOCAL_CERTS  from DOMAIN and TLS:
#     DOMAIN set    -> automatic HTTPS for DOMAIN (Adminer on DOMAIN:8888)
#     TLS=internal  -> certificates from Caddy's local CA (for DOMAIN, else localhost)
#     neither       -> plain HTTP on :80 and :8888
# then runs the command (caddy run by default).
set -euo pipefail

die() { echo "caddy-entrypoint: error: $*" >&2; exit 1; }

# shellcheck source=images/common/secrets.sh
. /usr/local/lib/wpstack/secrets.sh

export_basic_auth() {
	local user pass hash
	user="$(read_secret "${ADMINER_AUTH_USER_FILE:-/run/secrets/lb_admin_user}")"
	pass="$(read_secret "${ADMINER_AUTH_PASSWORD_FILE:-/run/secrets/lb_admin_pass}")"
	[[ "${user}" =~ ^[A-Za-z0-9._@-]+$ ]] || die "the basic-auth user name may hold only letters, digits and . _ @ -"
	# The password goes to caddy on stdin, never on a command line.
	hash="$(printf '%s\n' "${pass}" | caddy hash-password)"
	export ADMINER_AUTH_USER="${user}"
	ADMINER_AUTH_HASH="$(printf '%s' "${hash}" | base64 -w0)"
	export ADMINER_AUTH_HASH
}

export_site_addresses() {
	local domain="${DOMAIN:-}" tls="${TLS:-}"
	[[ -z "${tls}" || "${tls}" == internal ]] \
		|| die "TLS=${tls}: use TLS=internal (Caddy's local CA) or leave it empty"
	[[ "${domain}" =~ ^[A-Za-z0-9.-]*$ ]] || die "DOMAIN=${domain} is not a host name"
	CADDY_LOCAL_CERTS=""
	if [[ "${tls}" == internal ]]; then
		CADDY_LOCAL_CERTS="local_certs"
		domain="${domain:-localhost}"
	fi
	if [[ -n "${domain}" ]]; then
		WORDPRESS_ADDRESS="${domain}"
		ADMINER_ADDRESS="${domain}:8888"
	else
		WORDPRESS_ADDRESS="http://:80"
		ADMINER_ADDRESS="http://:8888"
	fi
	export CADDY_LOCAL_CERTS WORDPRESS_ADDRESS ADMINER_ADDRESS
}

main() {
	if [[ "${1:-}" == caddy ]]; then
		export_basic_auth
		export_site_addresses
	fi
	exec "$@"
}

main "$@"
