#!/bin/bash
# healthcheck.sh PORT PATH: exit 0 when http://127.0.0.1:PORT/PATH answers 200.
# Plain bash (/dev/tcp), so the image needs no HTTP client.
set -euo pipefail

port="$1" path="$2" status_line=""
exec 3<>"/dev/tcp/127.0.0.1/${port}"
printf 'GET %s HTTP/1.0\r\nHost: localhost\r\n\r\n' "${path}" >&3
IFS= read -r -t 2 status_line <&3 || true
exec 3>&-
[[ "${status_line}" == "HTTP/1."?" 200"* ]]
