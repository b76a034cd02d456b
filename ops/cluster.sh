#!/usr/bin/env bash
# Run N nodes of Community.Web on 127.0.0.1 against the throwaway PostgreSQL (ops/postgres.sh),
# for people and load tests.
#
#   ops/cluster.sh start [N]   build once, start nodes 1..N (default 3), wait for /health/ready
#   ops/cluster.sh stop        stop every node by its pid file (SIGTERM, then SIGKILL after 15 s)
#   ops/cluster.sh status      table of nodes
#
# Node i: HTTP http://127.0.0.1:$((5080+i-1)), Akka remoting port $((4053+i-1)); node 1 is the
# seed and the only one with demo data. State (pid files, logs, data dirs, shared signing key)
# lives in ${COMMUNITY_CLUSTER_DIR:-${TMPDIR:-/tmp}/onenetwork-community-cluster}.
# PostgreSQL is left running by `stop`; `ops/postgres.sh stop` stops it.
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="$(realpath -m -- "${COMMUNITY_CLUSTER_DIR:-${TMPDIR:-/tmp}/onenetwork-community-cluster}")"
HTTP_BASE=5080
AKKA_BASE=4053
AKKA_SYSTEM=community
MAX_NODES=20
READY_TIMEOUT=90
STOP_TIMEOUT=15
DLL_NAME=Community.Web.dll

log() { printf '[cluster] %s\n' "$*" >&2; }
die() {
  printf '[cluster] ERROR: %s\n' "$*" >&2
  exit 1
}

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
}

http_port() { echo $((HTTP_BASE + $1 - 1)); }
akka_port() { echo $((AKKA_BASE + $1 - 1)); }
pid_file() { echo "$STATE_DIR/node$1.pid"; }
log_file() { echo "$STATE_DIR/node$1.log"; }

# ---------------------------------------------------------------------------------------------
# Processes. Nodes are always identified by pid (never by port or name: two processes can bind
# the same 127.0.0.1 port silently, see NOTES.md) and the pid must still run our dll, so a
# stale pid file whose pid was reused by something else is never signalled.

is_our_node() { # pid
  local pid="$1" cmdline
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  # Zombies (left when PID 1 does not reap) have an empty cmdline, so they count as gone.
  cmdline="$(tr '\0' ' ' 2>/dev/null <"/proc/$pid/cmdline")" || return 1
  [[ "$cmdline" == *"$DLL_NAME"* ]]
}

# Prints the pid of node i if it is running; returns 1 otherwise.
node_pid() { # i
  local file pid
  file="$(pid_file "$1")"
  [[ -f "$file" ]] || return 1
  pid="$(tr -dc '0-9' <"$file")"
  is_our_node "$pid" || return 1
  echo "$pid"
}

# Node numbers that have a pid file, ascending.
known_nodes() {
  local f n
  for f in "$STATE_DIR"/node*.pid; do
    [[ -e "$f" ]] || continue
    n="${f##*/node}"
    n="${n%.pid}"
    [[ "$n" =~ ^[0-9]+$ ]] && echo "$n"
  done | sort -n
}

# ---------------------------------------------------------------------------------------------
# Network probes (loopback only).

# Something accepts connections on the port (a listener we would silently share it with).
port_in_use() { # port
  # shellcheck disable=SC2016 # $1 expands in the inner bash
  timeout 2 bash -c 'exec 3<>"/dev/tcp/127.0.0.1/$1"' _ "$1" 2>/dev/null
}

is_ready() { # http port
  local url="http://127.0.0.1:$1/health/ready"
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 3 "$url" 2>/dev/null
  else
    # No curl on a minimal machine: a bare HTTP/1.0 request through bash's /dev/tcp.
    # shellcheck disable=SC2016 # $1 expands in the inner bash
    timeout 3 bash -c '
      exec 3<>"/dev/tcp/127.0.0.1/$1" || exit 1
      printf "GET /health/ready HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n\r\n" "$1" >&3
      IFS= read -r status <&3
      [[ "$status" =~ ^HTTP/[0-9.]+\ 200 ]]' _ "$1" 2>/dev/null
  fi
}

# ---------------------------------------------------------------------------------------------
# Table.

print_table() { # node numbers...
  local i pid ready
  printf '%-5s  %-22s  %-5s  %-8s  %s\n' node http akka pid ready
  for i in "$@"; do
    ready=no
    if pid="$(node_pid "$i")"; then
      is_ready "$(http_port "$i")" && ready=yes
    else
      pid="-"
    fi
    printf '%-5s  %-22s  %-5s  %-8s  %s\n' "$i" "http://127.0.0.1:$(http_port "$i")" \
      "$(akka_port "$i")" "$pid" "$ready"
  done
}

# ---------------------------------------------------------------------------------------------
# start

PROJECT_DIR=""
find_project() {
  if [[ -f "$ROOT/Community.Web/Community.Web.csproj" ]]; then
    PROJECT_DIR="$ROOT/Community.Web"
    return 0
  fi
  # Tolerate a src/ layout.
  local csproj
  csproj="$(find "$ROOT" -maxdepth 3 -name Community.Web.csproj \
    -not -path '*/bin/*' -not -path '*/obj/*' -not -path '*/node_modules/*' | sort | head -n 1)"
  [[ -n "$csproj" ]] || die "Community.Web.csproj not found under $ROOT"
  PROJECT_DIR="$(dirname -- "$csproj")"
}

find_dll() {
  local dll="$PROJECT_DIR/bin/Release/net10.0/$DLL_NAME" candidate
  if [[ ! -f "$dll" ]]; then
    for candidate in "$PROJECT_DIR"/bin/Release/*/"$DLL_NAME"; do
      [[ -f "$candidate" ]] && dll="$candidate" && break
    done
  fi
  [[ -f "$dll" ]] || die "$DLL_NAME not found under $PROJECT_DIR/bin/Release"
  echo "$dll"
}

# One random 64-byte key shared by every node, so a token issued by one node is accepted by all.
# A secret shared by every node, generated once into the state folder: secret NAME.
secret() {
  local file="$STATE_DIR/$1"
  if [[ ! -s "$file" ]]; then
    log "generating $1 in $file"
    (
      umask 077
      head -c 64 /dev/urandom | base64 -w 0 >"$file.tmp"
    )
    mv -f -- "$file.tmp" "$file"
  fi
  tr -d '[:space:]' <"$file"
}

start_node() { # i dll cs key ids
  local i="$1" dll="$2" cs="$3" key="$4" ids="$5" http akka file logf demo=false
  http="$(http_port "$i")"
  akka="$(akka_port "$i")"
  file="$(pid_file "$i")"
  logf="$(log_file "$i")"
  [[ "$i" -eq 1 ]] && demo=true
  mkdir -p -- "$STATE_DIR/node$i"
  [[ -f "$logf" ]] && mv -f -- "$logf" "$logf.prev" # keep the previous run's log
  # The working directory is the project folder, as with `dotnet run`: it is the content root,
  # where appsettings.json and wwwroot are found. setsid detaches the node from this terminal
  # (no SIGHUP/SIGINT from it); exec keeps $! equal to the node's pid.
  # Urls is set as well as ASPNETCORE_URLS: the "Urls" key of appsettings.json overrides
  # ASPNETCORE_URLS (prefixed host variables load before appsettings), while a plain "Urls"
  # environment variable loads after it and wins.
  (
    cd -- "$PROJECT_DIR"
    exec setsid env \
      ASPNETCORE_URLS="http://127.0.0.1:$http" \
      Urls="http://127.0.0.1:$http" \
      Community__Storage__Provider=postgres \
      Community__Storage__ConnectionString="$cs" \
      Community__Cluster__Hostname=127.0.0.1 \
      Community__Cluster__Port="$akka" \
      Community__Cluster__Seeds__0="akka.tcp://$AKKA_SYSTEM@127.0.0.1:$AKKA_BASE" \
      Community__DataDir="$STATE_DIR/node$i" \
      Community__Auth__SigningKey="$key" \
      Community__Auth__UserIdKey="$ids" \
      Community__Demo__Enabled="$demo" \
      dotnet "$dll"
  ) </dev/null >"$logf" 2>&1 &
  echo "$!" >"$file"
  log "node $i started: pid $!, http://127.0.0.1:$http, akka $akka, log $logf"
}

cmd_start() { # N
  local n="$1" i pid any_running=false
  if ! [[ "$n" =~ ^[1-9][0-9]{0,2}$ ]] || ((n > MAX_NODES)); then
    die "node count must be 1..$MAX_NODES, got '$n'"
  fi
  command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK"
  mkdir -p -- "$STATE_DIR"
  chmod 0700 -- "$STATE_DIR" # logs and pid environments carry the signing key and passwords
  echo "$n" >"$STATE_DIR/size"

  for i in $(known_nodes); do
    node_pid "$i" >/dev/null && any_running=true
  done

  local cs
  cs="$("$ROOT/ops/postgres.sh" start)"

  find_project
  if $any_running; then
    # Rebuilding would overwrite the dll under running nodes.
    log "nodes are running: skipping the build (ops/cluster.sh stop, then start, to rebuild)"
  else
    log "building $PROJECT_DIR (Release)"
    dotnet build "$PROJECT_DIR" -c Release >&2
  fi
  local dll key ids
  dll="$(find_dll)"
  key="$(secret signing-key)"
  ids="$(secret user-id-key)"

  local failed=false refused=" "
  for ((i = 1; i <= n; i++)); do
    if pid="$(node_pid "$i")"; then
      log "node $i is already running (pid $pid); not starting it again"
      continue
    fi
    rm -f -- "$(pid_file "$i")" # stale
    if port_in_use "$(http_port "$i")" || port_in_use "$(akka_port "$i")"; then
      log "node $i: port $(http_port "$i") or $(akka_port "$i") is used by another process; not starting it"
      failed=true
      refused+="$i "
      continue
    fi
    start_node "$i" "$dll" "$cs" "$key" "$ids"
  done

  # Wait for every node together, giving up early on nodes whose process died.
  log "waiting up to ${READY_TIMEOUT}s for /health/ready"
  local deadline=$((SECONDS + READY_TIMEOUT)) pending
  while :; do
    pending=0
    for ((i = 1; i <= n; i++)); do
      node_pid "$i" >/dev/null || continue
      is_ready "$(http_port "$i")" || pending=$((pending + 1))
    done
    ((pending == 0 || SECONDS >= deadline)) && break
    sleep 1
  done

  for ((i = 1; i <= n; i++)); do
    [[ "$refused" == *" $i "* ]] && continue # its log is from an earlier run
    if ! node_pid "$i" >/dev/null || ! is_ready "$(http_port "$i")"; then
      failed=true
      log "node $i is not ready; last lines of $(log_file "$i"):"
      tail -n 15 -- "$(log_file "$i")" >&2 2>/dev/null || true
    fi
  done

  local nodes=()
  for ((i = 1; i <= n; i++)); do nodes+=("$i"); done
  print_table "${nodes[@]}"
  log "stop with: ops/cluster.sh stop (PostgreSQL stays up; ops/postgres.sh stop)"
  if $failed; then
    return 1
  fi
}

# ---------------------------------------------------------------------------------------------
# stop

cmd_stop() {
  local i pid file pids=() nodes=()
  for i in $(known_nodes); do
    file="$(pid_file "$i")"
    if pid="$(node_pid "$i")"; then
      log "stopping node $i (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
      nodes+=("$i")
    else
      log "node $i is not running; removing its stale pid file"
      rm -f -- "$file"
    fi
  done
  if ((${#pids[@]} == 0)); then
    log "no nodes running"
    return 0
  fi

  # Graceful leave first (Akka coordinated shutdown), then SIGKILL what is left.
  local deadline=$((SECONDS + STOP_TIMEOUT)) alive
  while :; do
    alive=()
    for pid in "${pids[@]}"; do
      is_our_node "$pid" && alive+=("$pid")
    done
    ((${#alive[@]} == 0 || SECONDS >= deadline)) && break
    sleep 0.5
  done
  for pid in "${alive[@]}"; do
    log "pid $pid still running after ${STOP_TIMEOUT}s: SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  done
  for i in "${nodes[@]}"; do
    rm -f -- "$(pid_file "$i")"
  done
  log "stopped node(s): ${nodes[*]}"
}

# ---------------------------------------------------------------------------------------------
# status

cmd_status() {
  local size=0 i max=0
  [[ -f "$STATE_DIR/size" ]] && size="$(tr -dc '0-9' <"$STATE_DIR/size")"
  max="${size:-0}"
  for i in $(known_nodes); do ((i > max)) && max="$i"; done
  if ((max == 0)); then
    log "no cluster in $STATE_DIR (start one with: ops/cluster.sh start 3)"
    return 0
  fi
  local nodes=()
  for ((i = 1; i <= max; i++)); do nodes+=("$i"); done
  print_table "${nodes[@]}"
}

main() {
  local cmd="${1:-}"
  case "$cmd" in
  start)
    (($# <= 2)) || die "usage: ops/cluster.sh start [N]"
    cmd_start "${2:-3}"
    ;;
  stop)
    (($# == 1)) || die "usage: ops/cluster.sh stop"
    cmd_stop
    ;;
  status)
    (($# == 1)) || die "usage: ops/cluster.sh status"
    cmd_status
    ;;
  -h | --help | help) usage ;;
  *)
    usage
    exit 2
    ;;
  esac
}

main "$@"
