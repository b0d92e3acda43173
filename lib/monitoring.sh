# shellcheck shell=bash
# monitoring.sh: the monitoring stack (stacks/monitoring.yml): its images, and the static checks
# of its configs (config/prometheus, alertmanager, blackbox, grafana, caddy/Caddyfile.monitoring).

build_image_prometheus() { build_image prometheus "$1"; }
build_image_alertmanager() { build_image alertmanager "$1"; }
build_image_blackbox() { build_image blackbox "$1"; }
build_image_mysqld_exporter() { build_image mysqld-exporter "$1"; }
build_image_grafana_users() { build_image grafana-users "$1"; }
