#!/bin/bash
# grafana-users.sh: make sure Grafana has the read-only viewer user (the original's "support"),
# with the password from its secret; idempotent (creates the user, or resets its password and
# role). Run once per deploy by the monitoring stack's job service "grafana-users".
#
# Environment:
#   GRAFANA_URL                  http://grafana:3000
#   GRAFANA_ADMIN_USER_FILE      /run/secrets/lb_admin_user   (the admin Grafana was started with)
#   GRAFANA_ADMIN_PASSWORD_FILE  /run/secrets/lb_admin_pass
#   GRAFANA_VIEWER_USER          support
#   GRAFANA_VIEWER_PASSWORD_FILE /run/secrets/grafana_viewer_pass
#   GRAFANA_WAIT_SECONDS         300: how long to wait for Grafana to answer
# Passwords go to curl in a config file read from a private temporary folder, never on a
# command line.
set -euo pipefail

GRAFANA_URL="${GRAFANA_URL:-http://grafana:3000}"
VIEWER="${GRAFANA_VIEWER_USER:-support}"
WAIT_SECONDS="${GRAFANA_WAIT_SECONDS:-300}"

die() { echo "grafana-users: error: $*" >&2; exit 1; }
log() { echo "grafana-users: $*" >&2; }

# shellcheck source=images/common/secrets.sh
. /usr/local/lib/wpstack/secrets.sh

TMP="$(mktemp -d)"
trap 'rm -rf "${TMP}"' EXIT
chmod 0700 "${TMP}"

# curl_config: the admin's credentials as a curl config file (-K).
write_curl_config() {
	local user pass
	user="$(read_secret "${GRAFANA_ADMIN_USER_FILE:-/run/secrets/lb_admin_user}")"
	pass="$(read_secret "${GRAFANA_ADMIN_PASSWORD_FILE:-/run/secrets/lb_admin_pass}")"
	user="${user//\\/\\\\}"
	pass="${pass//\\/\\\\}"
	printf 'user = "%s:%s"\n' "${user//\"/\\\"}" "${pass//\"/\\\"}" >"${TMP}/curl.conf"
}

# api METHOD PATH [JSON]: prints the response body; fails on an HTTP error, naming it.
api() {
	local method="$1" path="$2" body="${3:-}" status
	local -a data=()
	if [[ -n "${body}" ]]; then
		printf '%s' "${body}" >"${TMP}/body.json"
		data=(--header "Content-Type: application/json" --data-binary "@${TMP}/body.json")
	fi
	status="$(curl --silent --show-error --max-time 10 -K "${TMP}/curl.conf" --request "${method}" \
		"${data[@]}" --output "${TMP}/response" --write-out '%{http_code}' "${GRAFANA_URL}${path}")" ||
		die "${method} ${path}: no answer from ${GRAFANA_URL}"
	rm -f "${TMP}/body.json"
	if [[ "${status}" != 2* ]]; then
		echo "grafana-users: ${method} ${path} answered ${status}: $(head -c 300 "${TMP}/response")" >&2
		return 1
	fi
	cat "${TMP}/response"
}

wait_for_grafana() {
	local start=${SECONDS}
	until curl --silent --fail --max-time 5 --output /dev/null "${GRAFANA_URL}/api/health"; do
		((SECONDS - start < WAIT_SECONDS)) || die "Grafana at ${GRAFANA_URL} did not answer within ${WAIT_SECONDS}s"
		sleep 3
	done
}

main() {
	local password id body
	password="$(read_secret "${GRAFANA_VIEWER_PASSWORD_FILE:-/run/secrets/grafana_viewer_pass}")"
	write_curl_config
	wait_for_grafana
	api GET /api/org >/dev/null || die "Grafana refused the admin credentials; the admin password is set when Grafana's volume is first created (see docs/operations.md)"
	if body="$(api GET "/api/users/lookup?loginOrEmail=${VIEWER}" 2>/dev/null)"; then
		id="$(jq -r .id <<<"${body}")"
		api PUT "/api/admin/users/${id}/password" "$(jq -n --arg p "${password}" '{password: $p}')" >/dev/null ||
			die "cannot set the password of ${VIEWER}"
		log "user ${VIEWER} exists (id ${id}); password set from the secret"
	else
		body="$(api POST /api/admin/users "$(jq -n --arg u "${VIEWER}" --arg p "${password}" \
			'{name: $u, login: $u, email: ($u + "@localhost"), password: $p}')")" ||
			die "cannot create the user ${VIEWER}"
		id="$(jq -r .id <<<"${body}")"
		log "created user ${VIEWER} (id ${id})"
	fi
	api PATCH "/api/org/users/${id}" '{"role": "Viewer"}' >/dev/null || die "cannot make ${VIEWER} a Viewer"
	log "${VIEWER} is a Viewer of the main organisation"
}

main "$@"
