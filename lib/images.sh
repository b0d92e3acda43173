# shellcheck shell=bash
# images.sh: the base image (debootstrap when debian:trixie-slim cannot be pulled).
#
#   ensure_base_image     sets and exports BASE_IMAGE, the image every Dockerfile builds FROM
#   host_extra_ca_certs   the PEM certificates added on this host, for builds that download
#
# Every other image is built by the CLI (cli/.../images/, images/images.yml): ./wpstack build.

DEFAULT_BASE_IMAGE="debian:trixie-slim"
DEBOOTSTRAP_BASE_IMAGE="wpstack/base:trixie"
DEBIAN_MIRROR="${WPSTACK_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
PULL_TIMEOUT="${WPSTACK_PULL_TIMEOUT:-20}"

image_exists() { docker image inspect "$1" >/dev/null 2>&1; }

# pull_image IMAGE: try to pull within PULL_TIMEOUT seconds (quietly).
pull_image() {
  local log
  log="$(log_file pull)"
  timeout "${PULL_TIMEOUT}" docker pull "$1" >"${log}" 2>&1
}

# ensure_base_image: sets and exports BASE_IMAGE, the image every Dockerfile
# builds FROM. A BASE_IMAGE set by the user wins; else debian:trixie-slim when
# it is local or pullable; else wpstack/base:trixie, built with debootstrap
# once (no container registry needed) and reused afterwards.
ensure_base_image() {
  if [[ -n "${BASE_IMAGE:-}" ]]; then
    image_exists "${BASE_IMAGE}" || pull_image "${BASE_IMAGE}" ||
      die "BASE_IMAGE=${BASE_IMAGE} is neither a local image nor pullable ($(tail -n 1 "$(log_file pull)")); build or load it, or unset BASE_IMAGE"
    info "base image: ${BASE_IMAGE} (set by BASE_IMAGE)"
  elif image_exists "${DEFAULT_BASE_IMAGE}"; then
    BASE_IMAGE="${DEFAULT_BASE_IMAGE}"
    info "base image: ${BASE_IMAGE} (present locally)"
  elif pull_image "${DEFAULT_BASE_IMAGE}"; then
    BASE_IMAGE="${DEFAULT_BASE_IMAGE}"
    info "base image: ${BASE_IMAGE} (pulled)"
  elif image_exists "${DEBOOTSTRAP_BASE_IMAGE}"; then
    BASE_IMAGE="${DEBOOTSTRAP_BASE_IMAGE}"
    info "base image: ${BASE_IMAGE} (${DEFAULT_BASE_IMAGE} cannot be pulled; reusing the debootstrap base built earlier)"
    warn_if_base_image_stale
  else
    info "${DEFAULT_BASE_IMAGE} cannot be pulled ($(tail -n 1 "$(log_file pull)")); building ${DEBOOTSTRAP_BASE_IMAGE} with debootstrap"
    build_base_image "${DEBOOTSTRAP_BASE_IMAGE}"
    BASE_IMAGE="${DEBOOTSTRAP_BASE_IMAGE}"
    info "base image: ${BASE_IMAGE} (built with debootstrap)"
  fi
  export BASE_IMAGE
}

# base_config_hash: identifies images/base/rootfs, stored as a label on the
# debootstrap base, so a base built by hand or from older config is noticed.
base_config_hash() {
  tar -C "${WPSTACK_ROOT}/images/base/rootfs" --sort=name --mtime=@0 --owner=0 --group=0 \
    --numeric-owner -c . | sha256sum | cut -c1-16
}

# warn_if_base_image_stale: the reused debootstrap base was not built from
# the current images/base/rootfs. Only a warning: other images and services
# may use it, so wpstack does not replace it on its own.
warn_if_base_image_stale() {
  local built
  built="$(docker image inspect --format '{{index .Config.Labels "io.wpstack.base.config"}}' "${DEBOOTSTRAP_BASE_IMAGE}" 2>/dev/null || true)"
  [[ "${built}" == "$(base_config_hash)" ]] && return 0
  warn "${DEBOOTSTRAP_BASE_IMAGE} was not built from the current images/base/rootfs (built by hand or by an older wpstack; it may keep docs/locales and make images bigger); to rebuild it: docker rmi ${DEBOOTSTRAP_BASE_IMAGE}, then rerun"
}

# build_base_image TAG: a slim Debian trixie image from debootstrap minbase,
# with images/base/rootfs (dpkg excludes for docs/man/locales, apt without
# caches, policy-rc.d, deb822 sources with security updates) laid over it.
build_base_image() {
  local tag="$1" rootfs="${WPSTACK_STATE_DIR}/base-rootfs" start=${SECONDS}
  is_root || die "building the base image needs root (debootstrap); rerun as root, or set BASE_IMAGE to an existing Debian trixie image"
  ensure_command debootstrap
  remove_rootfs "${rootfs}"
  debootstrap_rootfs "${rootfs}"
  slim_rootfs "${rootfs}"
  import_rootfs "${rootfs}" "${tag}"
  remove_rootfs "${rootfs}"
  info "built ${tag} in $((SECONDS - start))s ($(image_size "${tag}"))"
}

debootstrap_rootfs() {
  local rootfs="$1" log
  log="$(log_file debootstrap)"
  info "debootstrap --variant=minbase trixie from ${DEBIAN_MIRROR} (log: ${log})"
  mkdir -p "${rootfs}"
  run_logged "${log}" debootstrap --variant=minbase trixie "${rootfs}" "${DEBIAN_MIRROR}" || {
    tail -n 20 "${log}" >&2
    die "debootstrap failed (last lines above, full log: ${log}); check access to ${DEBIAN_MIRROR} (WPSTACK_DEBIAN_MIRROR picks another mirror)"
  }
}

# slim_rootfs DIR: apply images/base/rootfs and delete what its dpkg excludes
# would have kept out, plus caches, logs and host-specific files.
slim_rootfs() {
  local rootfs="$1"
  cp -a "${WPSTACK_ROOT}/images/base/rootfs/." "${rootfs}/"
  rm -f "${rootfs}/etc/apt/sources.list"
  find "${rootfs}/usr/share/doc" -mindepth 1 -not -type d -not -name copyright -delete
  find "${rootfs}/usr/share/doc" -mindepth 1 -type d -empty -delete
  find "${rootfs}/usr/share/locale" -mindepth 1 -maxdepth 1 -not -name locale.alias -exec rm -rf {} +
  rm -rf "${rootfs}"/usr/share/{man,info,groff,lintian,linda}/* \
    "${rootfs}"/var/cache/apt/* "${rootfs}"/var/lib/apt/lists/* \
    "${rootfs}"/var/log/* "${rootfs}"/var/cache/debconf/*-old \
    "${rootfs}"/var/lib/dpkg/*-old "${rootfs}"/tmp/*
  : >"${rootfs}/etc/resolv.conf"
  printf 'localhost\n' >"${rootfs}/etc/hostname"
}

import_rootfs() {
  local rootfs="$1" tag="$2"
  info "importing ${rootfs} as ${tag}"
  tar -C "${rootfs}" --numeric-owner -c . |
    docker import --change 'CMD ["bash"]' \
      --change "LABEL org.opencontainers.image.description=\"Debian trixie minbase, slimmed (wpstack)\"" \
      --change "LABEL io.wpstack.base.config=$(base_config_hash)" \
      - "${tag}" >/dev/null ||
    die "docker import of ${rootfs} as ${tag} failed; check the Docker engine (docker info) and free disk space"
}

# remove_rootfs DIR: delete a debootstrap tree, unmounting first whatever an
# interrupted debootstrap left mounted in it (proc, sys, a bind-mounted /dev).
remove_rootfs() {
  local rootfs="$1" mountpoint
  [[ -e "${rootfs}" ]] || return 0
  while read -r mountpoint; do
    umount -l "${mountpoint}" || die "cannot unmount ${mountpoint}; unmount it by hand, then rm -rf ${rootfs}"
  done < <(awk -v dir="${rootfs}/" 'index($2, dir) == 1 { print $2 }' /proc/mounts | sort -r)
  rm -rf --one-file-system "${rootfs}"
}

# image_size IMAGE: the size docker image ls shows.
image_size() {
  docker image ls --format '{{.Size}}' "$1" | head -n 1
}

# host_extra_ca_certs: PEM certificates added locally on this host (e.g. a
# TLS-inspecting proxy's CA), passed to builds that download from Maven
# Central. WPSTACK_EXTRA_CA_CERTS=FILE replaces the detection.
host_extra_ca_certs() {
  if [[ -n "${WPSTACK_EXTRA_CA_CERTS:-}" ]]; then
    cat "${WPSTACK_EXTRA_CA_CERTS}" || die "cannot read WPSTACK_EXTRA_CA_CERTS=${WPSTACK_EXTRA_CA_CERTS}; point it at a PEM file"
    return 0
  fi
  local file
  # Symlinks in /etc/ssl/certs are Debian's bundled CAs; regular files there
  # and in /usr/local/share/ca-certificates were added on this host.
  for file in /usr/local/share/ca-certificates/*.crt /usr/local/share/ca-certificates/*/*.crt /etc/ssl/certs/*.pem; do
    [[ -f "${file}" && ! -L "${file}" ]] && cat "${file}"
  done
  return 0
}
