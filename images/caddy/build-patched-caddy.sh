#!/bin/bash
# Builds Debian's caddy package from its source package with wpstack's patches added
# (images/caddy/patches/*.patch, applied after Debian's own), runs the Go tests of every
# package a patch touches, and leaves the .deb in the current directory.
# Runs in the build stage of images/caddy/Dockerfile; needs deb-src entries and the build
# dependencies (apt-get build-dep caddy) installed.
set -euo pipefail

readonly PATCHES=/patches
readonly TREE=caddy-src

fetch_source() {
  # apt verifies every file it fetches against the Sources index. A mirror may lack the .dsc
  # (deb.debian.org answered 404 for caddy's on 2026-11-26) while it serves the tarballs, so
  # the tree is assembled below from the tarballs rather than by dpkg-source.
  apt-get source --download-only caddy || true
  if ! compgen -G 'caddy_*.orig.tar.*' >/dev/null || ! compgen -G 'caddy_*.debian.tar.*' >/dev/null; then
    echo "build-patched-caddy: apt-get source caddy fetched no orig or debian tarball" >&2
    exit 1
  fi
}

unpack_source() {
  mkdir "${TREE}"
  tar xf caddy_*.orig.tar.* -C "${TREE}" --strip-components=1
  local component
  for component in caddy_*.orig-*.tar.*; do
    [[ -e "${component}" ]] || continue
    local name="${component#*.orig-}"
    name="${name%%.tar.*}"
    mkdir "${TREE}/${name}"
    tar xf "${component}" -C "${TREE}/${name}" --strip-components=1
  done
  tar xf caddy_*.debian.tar.* -C "${TREE}"
}

apply_patches() {
  local patch
  while read -r patch; do
    [[ -z "${patch}" || "${patch}" == \#* ]] && continue
    patch -d "${TREE}" -p1 --forward --quiet <"${TREE}/debian/patches/${patch}"
  done <"${TREE}/debian/patches/series"
  for patch in "${PATCHES}"/*.patch; do
    echo "build-patched-caddy: applying $(basename "${patch}")"
    patch -d "${TREE}" -p1 --forward <"${patch}"
  done
}

add_changelog_entry() {
  local version
  version="$(dpkg-parsechangelog -l "${TREE}/debian/changelog" -S Version)+wpstack1"
  {
    printf 'caddy (%s) trixie; urgency=medium\n\n' "${version}"
    local patch
    for patch in "${PATCHES}"/*.patch; do
      printf '  * wpstack: %s\n' "$(basename "${patch}")"
    done
    printf '\n'
    printf ' -- wpstack <root@localhost>  Thu, 26 Nov 2026 00:00:00 +0000\n\n'
    cat "${TREE}/debian/changelog"
  } >changelog.new
  mv changelog.new "${TREE}/debian/changelog"
  echo "build-patched-caddy: building caddy ${version}"
}

build_package() {
  (cd "${TREE}" && DEB_BUILD_OPTIONS="nocheck nodoc" debian/rules binary)
}

test_patched_packages() {
  # dh-golang builds in a GOPATH under build/; test only what the patches change.
  local gopath="${PWD}/${TREE}/build"
  local packages
  packages="$(sed -n 's|^+++ b/\(.*\)/[^/]*\.go$|./\1/|p' "${PATCHES}"/*.patch | sort -u)"
  echo "build-patched-caddy: go test ${packages//$'\n'/ }"
  # shellcheck disable=SC2086 # one word per package
  (cd "${gopath}/src/github.com/caddyserver/caddy/v2" &&
    GOPATH="${gopath}" GO111MODULE=off GOFLAGS='' GOCACHE=/tmp/gocache go test -count=1 ${packages})
}

fetch_source
unpack_source
apply_patches
add_changelog_entry
build_package
test_patched_packages
ls -l caddy_*.deb
