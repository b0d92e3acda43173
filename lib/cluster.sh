# shellcheck shell=bash
# cluster.sh: the swarm's nodes (docs/operations.md, "Cluster").
#
#   ./wpstack node join-token [worker|manager]   the command that joins another machine
#   ./wpstack node label NODE KEY=VALUE|KEY-      add (or remove) a placement label
#   ./wpstack node ls                             nodes with role, state, address and labels

register_help node "join-token [worker|manager] | label NODE KEY=VALUE | ls" "the swarm's nodes: join, label, list"
register_help "node join-token" "[worker|manager]" ""
register_help "node label" "NODE KEY=VALUE (or KEY- to remove it)" ""

# manager_addr: this manager's swarm address (what joining nodes dial, port 2377).
manager_addr() {
  docker info --format '{{.Swarm.NodeAddr}}' 2>/dev/null
}

node_join_token() {
  local role="${1:-worker}" token addr
  [[ $# -le 1 ]] || usage_error "node join-token" "takes one role, got \"$*\""
  [[ "${role}" == worker || "${role}" == manager ]] ||
    usage_error "node join-token" "unknown role \"${role}\"; worker or manager"
  ensure_docker
  ensure_swarm
  token="$(docker swarm join-token -q "${role}")" ||
    die "docker swarm join-token ${role} failed; run it on a manager (docker node ls there)"
  addr="$(manager_addr)"
  case "${addr}" in
    127.* | "")
      warn "this swarm advertises ${addr:-no address}, which other machines cannot reach: it was created for one machine. To grow it, recreate it with WPSTACK_ADVERTISE_ADDR=<this machine's address> (docker swarm leave --force removes every service), then rerun"
      ;;
  esac
  info "run this on the new ${role} (as root, Docker installed; ports 2377/tcp, 7946/tcp+udp and 4789/udp open between nodes):"
  printf 'docker swarm join --token %s %s:2377\n' "${token}" "${addr}"
}

node_label() {
  local node="${1:-}" label="${2:-}"
  [[ $# -eq 2 ]] || usage_error "node label" "needs a node and a label, e.g. ./wpstack node label node-2 wpstack.db=true"
  [[ "${label}" =~ ^[A-Za-z0-9][A-Za-z0-9._-]*(=[^[:space:]]*|-)$ ]] ||
    usage_error "node label" "\"${label}\" is not KEY=VALUE (or KEY- to remove it), e.g. wpstack.db=true"
  ensure_docker
  ensure_swarm
  docker node inspect "${node}" >/dev/null 2>&1 ||
    die "no node \"${node}\" in this swarm; ./wpstack node ls lists them (use the HOSTNAME or ID column)"
  if [[ "${label}" == *- && "${label}" != *=* ]]; then
    docker node update --label-rm "${label%-}" "${node}" >/dev/null ||
      die "removing label ${label%-} from ${node} failed (is it set? ./wpstack node ls)"
    info "removed label ${label%-} from ${node}"
  else
    docker node update --label-add "${label}" "${node}" >/dev/null ||
      die "labelling ${node} with ${label} failed; see docker node inspect ${node}"
    info "labelled ${node} with ${label}"
  fi
  info "Swarm stops and reschedules at once the tasks that no longer match a constraint; tasks running elsewhere move only on the next deploy (./wpstack up) or docker service update --force"
}

# node_ls: one line per node, with what docker node ls leaves out (address, labels).
node_ls() {
  [[ $# -eq 0 ]] || usage_error node "ls takes no arguments"
  ensure_docker
  ensure_swarm
  local -a nodes=()
  mapfile -t nodes < <(docker node ls -q)
  {
    printf 'HOSTNAME\tROLE\tSTATE\tAVAILABILITY\tMANAGER\tADDRESS\tENGINE\tLABELS\n'
    docker node inspect --format '{{.Description.Hostname}}	{{.Spec.Role}}	{{.Status.State}}	{{.Spec.Availability}}	{{if .ManagerStatus}}{{if .ManagerStatus.Leader}}leader{{else}}{{.ManagerStatus.Reachability}}{{end}}{{else}}-{{end}}	{{.Status.Addr}}	{{.Description.Engine.EngineVersion}}	{{range $k, $v := .Spec.Labels}}{{$k}}={{$v}} {{else}}-{{end}}' \
      "${nodes[@]}"
  } | column -t -s $'\t'
}

cmd_node() {
  local sub="${1:-}"
  [[ $# -gt 0 ]] && shift
  case "${sub}" in
    join-token) node_join_token "$@" ;;
    label) node_label "$@" ;;
    ls) node_ls "$@" ;;
    "") usage_error node "name a subcommand: join-token, label or ls" ;;
    *) usage_error node "unknown subcommand \"${sub}\"; one of: join-token, label, ls" ;;
  esac
}
