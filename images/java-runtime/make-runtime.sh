#!/bin/bash
# make-runtime DEST: copies this image's JDK 25 to /out (mounted from DEST on the host) so that it
# runs there with its own shared libraries:
#   - every symbolic link (Debian's JDK links conf/ and cacerts to /etc) becomes a copy;
#   - the libraries its ELF files link, glibc's loader among them, go to sysroot/;
#   - each ELF file's RUNPATH points to sysroot/ (and its old RUNPATH), each executable's
#     interpreter to DEST/sysroot/ld-linux-x86-64.so.2 (an absolute path, hence DEST).
# Processes the JDK starts (docker, git, bash) keep the host's own libraries: no LD_LIBRARY_PATH.
set -euo pipefail
dest="${1:?usage: make-runtime DEST (the folder mounted at /out, as the host names it)}"
out=/out
[[ -d "${out}" ]] || { echo "make-runtime: mount the destination at /out" >&2; exit 2; }
jdk="$(dirname "$(dirname "$(readlink -f /usr/bin/javac)")")"
find "${out}" -mindepth 1 -delete
cp -a "${jdk}/." "${out}/"
find "${out}" -type l | while read -r link; do
  target="$(readlink -f "${link}" || true)"
  rm "${link}"
  if [[ -e "${target}" ]]; then cp -rL "${target}" "${link}"; fi
done
mkdir -p "${out}/sysroot"
mapfile -t elves < <(find "${out}" -type f -not -path "${out}/sysroot/*" -exec sh -c \
  'head -c 4 "$1" | grep -q ELF && echo "$1"' _ {} \;)
for file in "${elves[@]}"; do
  ldd "${file}" 2>/dev/null | awk '/=> \// { print $3 } /^\t\/.*ld-linux/ { print $1 }'
done | sort -u | while read -r lib; do
  [[ "${lib}" == "${out}"/* ]] || cp -L "${lib}" "${out}/sysroot/"
done
cp -L /lib64/ld-linux-x86-64.so.2 "${out}/sysroot/"
for file in "${elves[@]}"; do
  rel="$(realpath --relative-to="$(dirname "${file}")" "${out}/sysroot")"
  old="$(patchelf --print-rpath "${file}" 2>/dev/null || true)"
  patchelf --set-rpath "\$ORIGIN/${rel}${old:+:${old}}:\$ORIGIN" "${file}" 2>/dev/null || true
  if patchelf --print-interpreter "${file}" >/dev/null 2>&1; then
    patchelf --set-interpreter "${dest}/sysroot/ld-linux-x86-64.so.2" "${file}"
  fi
done
# The loader and libc must stay as they are; the other libraries find each other in sysroot/.
for lib in "${out}"/sysroot/*.so*; do
  case "$(basename "${lib}")" in ld-linux* | libc.so*) continue ;; esac
  patchelf --set-rpath "\$ORIGIN" "${lib}" 2>/dev/null || true
done
echo "made ${dest}: $(du -sh "${out}" | cut -f1), libraries from $(ldd --version | head -n 1)"
