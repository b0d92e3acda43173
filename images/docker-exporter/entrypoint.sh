#!/bin/sh
# Starts docker-exporter with its Java heap sized from the container's memory limit:
# DOCKER_EXPORTER_HEAP_PERCENT (40) percent of the cgroup's limit (v2 memory.max, v1
# memory.limit_in_bytes), at least 16 MiB, at most DOCKER_EXPORTER_HEAP_MAX_MB (512, the
# ceiling; also the heap when the container has no limit). The rest of the limit is the JVM's
# own memory (code, class metadata, threads: 45-60 MiB measured, docs/benchmarks.md).
# A heap size given in JDK_JAVA_OPTIONS (-Xmx, -XX:MaxHeapSize, -XX:MaxRAM...) wins.
# The arguments go to the exporter.
set -eu

percent="${DOCKER_EXPORTER_HEAP_PERCENT:-40}"
ceiling_mb="${DOCKER_EXPORTER_HEAP_MAX_MB:-512}"
floor_mb=16

# limit_mb: the container's memory limit in MiB; nothing when it has none.
limit_mb() {
  for file in /sys/fs/cgroup/memory.max /sys/fs/cgroup/memory/memory.limit_in_bytes; do
    if [ -r "$file" ]; then
      read -r value <"$file" || return 0
      case "$value" in '' | max | *[!0-9]*) return 0 ;; esac
      echo $((value / 1048576))
      return 0
    fi
  done
}

case " ${JDK_JAVA_OPTIONS:-} " in
  *" -Xmx"* | *"MaxHeapSize="* | *"MaxRAM"*) ;;
  *)
    limit="$(limit_mb)"
    heap_mb="$ceiling_mb"
    if [ -n "$limit" ]; then
      heap_mb=$((limit * percent / 100))
      [ "$heap_mb" -le "$ceiling_mb" ] || heap_mb="$ceiling_mb"
    fi
    [ "$heap_mb" -ge "$floor_mb" ] || heap_mb="$floor_mb"
    export JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS:-} -Xmx${heap_mb}m"
    ;;
esac

exec java -jar /opt/docker-exporter/docker-exporter.jar "$@"
