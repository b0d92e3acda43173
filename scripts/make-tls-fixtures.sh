#!/usr/bin/env bash
# Generates the TLS fixtures of the Engine client's tests, once: a CA, a daemon certificate it signs
# (subjectAltName DNS:docker-daemon.wpstack.test, DNS:*.nodes.wpstack.test, IP:127.0.0.1), a client
# certificate it signs (key as PKCS#8 and as PKCS#1), and a second CA with a daemon certificate of the same
# names (the "wrong CA" case). Valid for 100 years; the CA keys are thrown away, so rerun the whole script
# to change anything, then commit engine/src/test/resources/tls.
#
# Layout (each client folder is a DOCKER_CERT_PATH):
#   daemon/{ca.pem,server-cert.pem,server-key.pem}        what dockerd --tlsverify uses
#   other-daemon/{ca.pem,server-cert.pem,server-key.pem}  the same names, signed by another CA
#   client/{ca.pem,cert.pem,key.pem}                      key.pem as PKCS#8 (BEGIN PRIVATE KEY)
#   client-pkcs1/{ca.pem,cert.pem,key.pem}                key.pem as PKCS#1 (BEGIN RSA PRIVATE KEY)
#   no-client-cert/ca.pem                                 trusts the CA but has no client certificate
#
# Usage: scripts/make-tls-fixtures.sh
set -euo pipefail

readonly DAYS=36500
work=""
readonly SAN="DNS:docker-daemon.wpstack.test,DNS:*.nodes.wpstack.test,IP:127.0.0.1"

die() {
  printf 'make-tls-fixtures: %s\n' "$1" >&2
  exit 1
}

make_ca() {
  local dir="$1" name="$2"
  openssl req -x509 -newkey rsa:2048 -nodes -days "$DAYS" -subj "/CN=${name}" \
    -keyout "$dir/ca-key.pem" -out "$dir/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

# sign CA_DIR OUT_CERT OUT_KEY CN EXTENSIONS
sign() {
  local ca="$1" cert="$2" key="$3" cn="$4" extensions="$5"
  openssl req -newkey rsa:2048 -nodes -subj "/CN=${cn}" -keyout "$key" -out "$cert.csr" 2>/dev/null
  openssl x509 -req -in "$cert.csr" -CA "$ca/ca.pem" -CAkey "$ca/ca-key.pem" -CAcreateserial \
    -days "$DAYS" -out "$cert" -extfile <(printf '%s\n' "$extensions") 2>/dev/null
  rm -f "$cert.csr"
}

main() {
  command -v openssl >/dev/null || die "openssl is missing; install it with: apt-get install openssl"
  local out
  out="$(cd "$(dirname "$0")/.." && pwd)/engine/src/test/resources/tls"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/ca" "$work/other-ca"
  make_ca "$work/ca" "wpstack test CA"
  make_ca "$work/other-ca" "another CA"

  rm -rf "$out"
  mkdir -p "$out"/{daemon,other-daemon,client,client-pkcs1,no-client-cert}
  local server_ext="subjectAltName=${SAN}
extendedKeyUsage=serverAuth
keyUsage=critical,digitalSignature,keyEncipherment"
  sign "$work/ca" "$out/daemon/server-cert.pem" "$out/daemon/server-key.pem" docker-daemon "$server_ext"
  sign "$work/other-ca" "$out/other-daemon/server-cert.pem" "$out/other-daemon/server-key.pem" docker-daemon "$server_ext"
  sign "$work/ca" "$out/client/cert.pem" "$out/client/key.pem" client \
    "extendedKeyUsage=clientAuth
keyUsage=critical,digitalSignature,keyEncipherment"
  cp "$work/ca/ca.pem" "$out/daemon/ca.pem"
  cp "$work/ca/ca.pem" "$out/other-daemon/ca.pem"
  cp "$work/ca/ca.pem" "$out/client/ca.pem"
  cp "$work/ca/ca.pem" "$out/client-pkcs1/ca.pem"
  cp "$work/ca/ca.pem" "$out/no-client-cert/ca.pem"
  cp "$out/client/cert.pem" "$out/client-pkcs1/cert.pem"
  openssl rsa -traditional -in "$out/client/key.pem" -out "$out/client-pkcs1/key.pem" 2>/dev/null
  grep -q 'BEGIN PRIVATE KEY' "$out/client/key.pem" || die "client/key.pem is not PKCS#8"
  grep -q 'BEGIN RSA PRIVATE KEY' "$out/client-pkcs1/key.pem" || die "client-pkcs1/key.pem is not PKCS#1"
  # dockerd reads its key as the container's user: readable fixtures, test keys only.
  chmod 644 "$out"/*/*.pem
  printf 'wrote %s\n' "$out"
}

main "$@"
