#!/bin/sh
# Starts dockerd inside a swarm-node container. Restart-safe: `docker stop` / `docker kill`
# followed by `docker start` leaves pid files and sockets of the dead daemon in /run, which
# would make dockerd or containerd refuse to start, so they are removed first.
# TEST ONLY: listens on tcp://0.0.0.0:2375 without TLS (see the Dockerfile).
set -eu

remove_stale_runtime_state() {
    rm -rf /var/run/docker.pid /var/run/docker.sock /var/run/docker /run/containerd
}

cgroup_parent() {
    # Each node's containers get their own cgroup subtree on the shared host hierarchy.
    echo "/$(hostname)"
}

remove_stale_runtime_state
exec /usr/bin/tini -- /usr/sbin/dockerd \
    --host unix:///var/run/docker.sock \
    --host tcp://0.0.0.0:2375 \
    --tls=false \
    --exec-opt native.cgroupdriver=cgroupfs \
    --cgroup-parent "$(cgroup_parent)" \
    "$@"
