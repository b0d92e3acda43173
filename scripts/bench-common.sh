# shellcheck shell=bash
# Sourced by the scripts/bench-*.sh that run a container of an image and read its RSS.

# image_java_options IMAGE: the JDK_JAVA_OPTIONS the image sets (its JVM defaults).
image_java_options() {
  docker image inspect -f '{{range .Config.Env}}{{println .}}{{end}}' "$1" | sed -n 's/^JDK_JAVA_OPTIONS=//p'
}

# container_rss_mib CONTAINER: VmRSS of the container's PID 1, in MiB with one decimal (needs root).
container_rss_mib() {
  local pid
  pid="$(docker inspect -f '{{.State.Pid}}' "$1")"
  awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/${pid}/status"
}
