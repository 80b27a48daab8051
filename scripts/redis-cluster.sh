#!/usr/bin/env bash
# A three-node Redis Cluster on loopback for the tests (see docs/operating.md).
#
#   scripts/redis-cluster.sh start      start it (or reuse a healthy one) and
#                                       print its store URL
#   scripts/redis-cluster.sh stop       stop exactly its nodes, remove their dirs
#   scripts/redis-cluster.sh url        print the store URL
#   scripts/redis-cluster.sh run CMD…   start, run CMD with
#                                       STEGVIS_REDIS_CLUSTER_URL set, stop
#                                       (also when CMD fails), exit as CMD did;
#                                       with STEGVIS_REDIS_CLUSTER_URL already
#                                       set, only run CMD against that cluster
#
# The nodes listen on 127.0.0.1, ports STEGVIS_REDIS_CLUSTER_PORTS (default
# "7101 7102 7103") and those plus 10000 for the cluster bus; each keeps its
# pidfile, log and nodes.conf in a directory of its own under
# STEGVIS_REDIS_CLUSTER_DIR (default $TMPDIR/stegvis-redis-cluster.UID),
# without persistence. Progress goes to stderr, the URL alone to stdout.
set -euo pipefail

read -r -a ports <<<"${STEGVIS_REDIS_CLUSTER_PORTS:-7101 7102 7103}"
base="${STEGVIS_REDIS_CLUSTER_DIR:-${TMPDIR:-/tmp}/stegvis-redis-cluster.$(id -u)}"

say() { echo "redis-cluster: $*" >&2; }
die() {
  say "$*"
  exit 1
}

url() {
  local hosts=()
  for p in "${ports[@]}"; do hosts+=("127.0.0.1:$p"); done
  local IFS=,
  echo "redis-cluster://${hosts[*]}"
}

# pid_of PORT prints the pid of our node on PORT when it runs: the pidfile's
# process, and only if it is a redis-server on that port.
pid_of() {
  local f="$base/$1/redis.pid" pid
  [ -f "$f" ] || return 1
  pid=$(cat "$f")
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qE "^redis-server 127\.0\.0\.1:$1( |$)" || return 1
  echo "$pid"
}

# in_use PORT succeeds when something listens on 127.0.0.1:PORT or *:PORT.
in_use() {
  ss -Hltn "( sport = :$1 )" 2>/dev/null | grep -q .
}

# wait_for TRIES CMD… retries CMD every 0.1 s.
wait_for() {
  local n=$1
  shift
  for _ in $(seq "$n"); do
    "$@" >/dev/null 2>&1 && return 0
    sleep 0.1
  done
  return 1
}

not_running() { ! pid_of "$1" >/dev/null; }

cluster_ok() {
  for p in "${ports[@]}"; do
    redis-cli -p "$p" cluster info 2>/dev/null | grep -q '^cluster_state:ok' || return 1
  done
}

running() {
  for p in "${ports[@]}"; do pid_of "$p" >/dev/null || return 1; done
  cluster_ok
}

stop() {
  local pid
  for p in "${ports[@]}"; do
    if pid=$(pid_of "$p"); then
      kill "$pid"
      # Wait for it to go (a zombie counts as gone: pid_of reads its
      # empty command line), so a start right after finds the port free.
      wait_for 50 not_running "$p" || kill -9 "$pid" 2>/dev/null || true
      say "stopped node $p (pid $pid)"
    fi
    # A node that is still exiting may write its last file while the
    # folder is removed: try again briefly, and never fail the run for
    # a leftover temporary folder.
    for _ in 1 2 3 4 5 6 7 8 9 10; do
      rm -rf "${base:?}/$p" 2>/dev/null && break
      sleep 0.2
    done
    [ ! -e "${base:?}/$p" ] || say "could not remove ${base}/$p; remove it by hand"
  done
  rm -f "$base/create.log"
  rmdir "$base" 2>/dev/null || true
}

start() {
  command -v redis-server >/dev/null || die "no redis-server; run: apt-get install -y redis-server"
  command -v redis-cli >/dev/null || die "no redis-cli; run: apt-get install -y redis-tools"
  if running; then
    say "reusing the running cluster"
    url
    return
  fi
  # Whatever is left of ours (a node that died, a cluster that never
  # formed) goes first; a port held by anyone else is an error.
  stop
  for p in "${ports[@]}"; do
    for q in "$p" "$((p + 10000))"; do
      in_use "$q" && die "port $q is taken by another process; set STEGVIS_REDIS_CLUSTER_PORTS to three free ports"
    done
  done
  mkdir -p "$base"
  for p in "${ports[@]}"; do
    mkdir -p "$base/$p"
    redis-server --bind 127.0.0.1 --port "$p" --dir "$base/$p" \
      --daemonize yes --pidfile "$base/$p/redis.pid" --logfile "$base/$p/redis.log" \
      --save "" --appendonly no \
      --cluster-enabled yes --cluster-config-file "$base/$p/nodes.conf" --cluster-node-timeout 5000
  done
  for p in "${ports[@]}"; do
    wait_for 100 redis-cli -p "$p" ping || die "node $p does not answer; see $base/$p/redis.log"
    wait_for 20 pid_of "$p" || die "node $p wrote no pidfile; see $base/$p/redis.log"
  done
  local nodes=()
  for p in "${ports[@]}"; do nodes+=("127.0.0.1:$p"); done
  redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >"$base/create.log" 2>&1 ||
    die "redis-cli --cluster create failed: $(tail -n 5 "$base/create.log")"
  wait_for 300 cluster_ok || die "cluster_state is not ok after 30 s; see $base/*/redis.log"
  say "started ${#ports[@]} nodes under $base"
  url
}

case "${1:-}" in
start) start ;;
stop) stop ;;
url) url ;;
run)
  shift
  [ $# -gt 0 ] || die "run: no command"
  if [ -n "${STEGVIS_REDIS_CLUSTER_URL:-}" ]; then
    say "using STEGVIS_REDIS_CLUSTER_URL as set"
    exec "$@"
  fi
  trap stop EXIT
  trap "exit 130" INT
  trap "exit 143" TERM
  STEGVIS_REDIS_CLUSTER_URL=$(start)
  export STEGVIS_REDIS_CLUSTER_URL
  set +e
  "$@"
  rc=$?
  set -e
  exit "$rc"
  ;;
*)
  echo "usage: $0 start|stop|url|run CMD…" >&2
  exit 2
  ;;
esac
