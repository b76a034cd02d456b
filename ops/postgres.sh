#!/usr/bin/env bash
# Throwaway PostgreSQL on 127.0.0.1 for tests and people.
#
#   ops/postgres.sh start          start (install/init if needed), print the connection string
#   ops/postgres.sh stop           stop it (fast mode) if running
#   ops/postgres.sh url            print the connection string if running, exit 1 otherwise
#   ops/postgres.sh reset-db NAME  drop + recreate database NAME owned by "community", print its
#                                  connection string (starts the server if needed)
#
# Environment:
#   COMMUNITY_PG_DIR   folder holding data, socket and log
#                      (default ${TMPDIR:-/tmp}/onenetwork-community-pg)
#   COMMUNITY_PG_PORT  TCP port on 127.0.0.1 (default 55432)
#
# stdout carries only the connection string, so `cs=$(ops/postgres.sh start)` works;
# all progress goes to stderr.
set -euo pipefail

PG_DIR="${COMMUNITY_PG_DIR:-${TMPDIR:-/tmp}/onenetwork-community-pg}"
PG_PORT="${COMMUNITY_PG_PORT:-55432}"
APP_ROLE=community
APP_PASSWORD=community
APP_DB=community
SUPERUSER=postgres # name given to initdb's bootstrap superuser, whoever runs the server
READY_TIMEOUT=30

log() { printf '[postgres] %s\n' "$*" >&2; }
die() {
  printf '[postgres] ERROR: %s\n' "$*" >&2
  exit 1
}

usage() {
  sed -n '2,16p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2
}

# ---------------------------------------------------------------------------------------------
# Setup of paths and of "who runs the server".

# pg_ctl and the server refuse to run as root; socket and data paths must be absolute because
# server commands run from "/" (the postgres user may not be able to enter the caller's cwd).
PG_DIR="$(realpath -m -- "$PG_DIR")"
DATA_DIR="$PG_DIR/data"
SOCK_DIR="$PG_DIR/run"
LOG_FILE="$PG_DIR/server.log"
LOCK_FILE="$PG_DIR/.lock"
# The folder ends up quoted in postgresql settings (unix_socket_directories is a comma list).
[[ "$PG_DIR" != *[\',]* ]] || die "COMMUNITY_PG_DIR must not contain quotes or commas: $PG_DIR"

if ! [[ "$PG_PORT" =~ ^[0-9]{1,5}$ ]] || ((PG_PORT < 1 || PG_PORT > 65535)); then
  die "COMMUNITY_PG_PORT must be a TCP port number, got '$PG_PORT'"
fi

IS_ROOT=false
[[ "$(id -u)" -eq 0 ]] && IS_ROOT=true

BIN_DIR=""

# Run a PostgreSQL command as the server owner: "postgres" when we are root, ourselves otherwise.
# fd 9 (our lock) is closed for the child, or the server started by pg_ctl would inherit the
# lock and hold it for its whole life.
as_pg() {
  if $IS_ROOT; then
    (cd / && runuser -u postgres -- "$@") 9>&-
  else
    (cd / && "$@") 9>&-
  fi
}

# Locate initdb in PATH, else in Debian's versioned folders (newest first). Sets BIN_DIR so that
# pg_ctl/psql/pg_isready come from the same installation (the /usr/bin/psql wrapper of
# postgresql-common wants a configured cluster, which we do not have).
find_bin_dir() {
  local initdb=""
  if initdb="$(command -v initdb 2>/dev/null)"; then
    BIN_DIR="$(dirname -- "$(readlink -f -- "$initdb")")"
    return 0
  fi
  local candidate
  candidate="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/initdb' 2>/dev/null |
    sort -V | tail -n 1)"
  if [[ -n "$candidate" ]]; then
    BIN_DIR="$(dirname -- "$candidate")"
    return 0
  fi
  return 1
}

# apt-get install with sudo when not root; `apt-get update` only when the plain install fails
# (stale or missing package lists), which keeps repeated runs fast and offline-friendly.
apt_install() {
  local sudo=()
  if ! $IS_ROOT; then
    command -v sudo >/dev/null 2>&1 || die "need root or sudo to install: $*"
    sudo=(sudo)
  fi
  log "installing Debian packages: $*"
  if ! "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >&2; then
    log "install failed; running apt-get update and retrying"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "$@" >&2
  fi
}

ensure_binaries() {
  if ! find_bin_dir; then
    apt_install postgresql
    find_bin_dir || die "initdb still not found after installing postgresql"
  fi
  local tool
  for tool in initdb pg_ctl psql pg_isready; do
    [[ -x "$BIN_DIR/$tool" ]] || die "$tool not found in $BIN_DIR"
  done
}

connection_string() { # db port
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s\n' \
    "$2" "$1" "$APP_ROLE" "$APP_PASSWORD"
}

# ---------------------------------------------------------------------------------------------
# Server state.

# 0 = running from our data dir, otherwise not (pg_ctl status: 3 = not running, 4 = no data dir).
server_running() {
  [[ -f "$DATA_DIR/PG_VERSION" ]] || return 1
  as_pg "$BIN_DIR/pg_ctl" status -D "$DATA_DIR" >/dev/null 2>&1
}

# The port the running server really uses (line 4 of postmaster.pid); the requested port may
# differ if the server was started with another COMMUNITY_PG_PORT.
running_port() {
  sed -n '4p' "$DATA_DIR/postmaster.pid" 2>/dev/null | tr -d '[:space:]'
}

# Serialise concurrent invocations (e.g. tests calling reset-db while test.sh starts the server).
take_lock() {
  exec 9>>"$LOCK_FILE"
  if command -v flock >/dev/null 2>&1; then
    flock -w 120 9 || die "timed out waiting for lock $LOCK_FILE"
  fi
}

prepare_dir() {
  mkdir -p -- "$PG_DIR"
  if $IS_ROOT; then
    id -u postgres >/dev/null 2>&1 ||
      die "system user 'postgres' is missing (it comes with Debian's postgresql package)"
    chown postgres:postgres -- "$PG_DIR"
    chmod 0700 -- "$PG_DIR"
    # Every parent must be traversable by postgres, e.g. not under /root.
    runuser -u postgres -- test -w "$PG_DIR" ||
      die "user postgres cannot write $PG_DIR; set COMMUNITY_PG_DIR to a folder under /tmp"
  fi
  take_lock
  as_pg mkdir -p -m 0700 -- "$SOCK_DIR"
  # Unix socket paths are limited to 107 bytes: fail clearly rather than with a server log line.
  local sock="$SOCK_DIR/.s.PGSQL.$PG_PORT"
  ((${#sock} <= 107)) || die "socket path too long (${#sock} > 107): $sock; use a shorter COMMUNITY_PG_DIR"
}

init_cluster() {
  if [[ -f "$DATA_DIR/PG_VERSION" ]]; then
    local have want
    have="$(cat "$DATA_DIR/PG_VERSION")"
    want="$("$BIN_DIR/initdb" --version | awk '{print $3}')" # "initdb (PostgreSQL) 15.18 ..."
    want="${want%%.*}"
    [[ "$have" == "$want" ]] ||
      die "$DATA_DIR was made by PostgreSQL $have but $BIN_DIR is $want; remove $PG_DIR to start over"
    return 0
  fi
  if [[ -d "$DATA_DIR" ]] && [[ -n "$(ls -A -- "$DATA_DIR")" ]]; then
    die "$DATA_DIR exists but is not a PostgreSQL data folder; remove it to start over"
  fi
  # UTF8 whatever the caller's locale is (content is multilingual); C.UTF-8 for sane ctype.
  local locale=C
  if locale -a 2>/dev/null | grep -qixE 'c\.utf-?8'; then locale=C.UTF-8; fi
  log "initialising $DATA_DIR (locale $locale, encoding UTF8)"
  # Local (socket) connections: trust, the socket folder is 0700 so only the owner reaches it.
  # TCP on 127.0.0.1: password (scram) as applications use it.
  as_pg "$BIN_DIR/initdb" -D "$DATA_DIR" -U "$SUPERUSER" -E UTF8 --locale="$locale" \
    --auth-local=trust --auth-host=scram-sha-256 --no-instructions >&2
  # Our settings live in a separate file, rewritten at each start (port may change).
  # shellcheck disable=SC2016 # $1/$2 expand in the inner sh, as the postgres user
  as_pg sh -c 'printf "\n%s\n" "$1" >>"$2"' sh \
    "include_if_exists = 'onenetwork.conf'" "$DATA_DIR/postgresql.conf"
}

write_settings() {
  local conf
  conf="$(
    cat <<EOF
# Written by ops/postgres.sh at each start; edits are overwritten.
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$SOCK_DIR'
max_connections = 200
logging_collector = off
EOF
  )"
  # shellcheck disable=SC2016 # $1 expands in the inner sh, as the postgres user
  printf '%s\n' "$conf" | as_pg sh -c 'cat >"$1"' sh "$DATA_DIR/onenetwork.conf"
}

start_server() {
  # Some other server already on this port would make us talk to the wrong database.
  local rc=0
  "$BIN_DIR/pg_isready" -h 127.0.0.1 -p "$PG_PORT" -t 2 -q || rc=$?
  if [[ $rc -ne 2 ]]; then
    die "something already answers on 127.0.0.1:$PG_PORT; set COMMUNITY_PG_PORT to another port"
  fi
  write_settings
  log "starting server from $DATA_DIR on 127.0.0.1:$PG_PORT (log: $LOG_FILE)"
  if ! as_pg "$BIN_DIR/pg_ctl" start -D "$DATA_DIR" -l "$LOG_FILE" -w -t "$READY_TIMEOUT" >&2; then
    tail -n 20 -- "$LOG_FILE" >&2 || true
    die "pg_ctl start failed (see $LOG_FILE)"
  fi
}

wait_ready() { # port
  local deadline=$((SECONDS + READY_TIMEOUT))
  until "$BIN_DIR/pg_isready" -h 127.0.0.1 -p "$1" -t 2 -q; do
    if ((SECONDS >= deadline)); then
      tail -n 20 -- "$LOG_FILE" >&2 || true
      die "server on 127.0.0.1:$1 not ready after ${READY_TIMEOUT}s (see $LOG_FILE)"
    fi
    sleep 0.5
  done
}

# psql as superuser over the private unix socket.
admin_psql() { # port, psql args...
  local port="$1"
  shift
  as_pg "$BIN_DIR/psql" -X -q -At -v ON_ERROR_STOP=1 -h "$SOCK_DIR" -p "$port" \
    -U "$SUPERUSER" -d postgres "$@"
}

ensure_role_and_db() { # port
  local port="$1"
  # Role: create if missing, and always re-assert attributes and password (idempotent).
  admin_psql "$port" >&2 <<SQL
SELECT 'CREATE ROLE $APP_ROLE'
 WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$APP_ROLE') \gexec
ALTER ROLE $APP_ROLE WITH LOGIN CREATEDB PASSWORD '$APP_PASSWORD';
SELECT 'CREATE DATABASE $APP_DB OWNER $APP_ROLE'
 WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = '$APP_DB') \gexec
SQL
}

# Start (installing / initialising as needed) and leave the server ready; sets READY_PORT.
READY_PORT=""
ensure_running() {
  ensure_binaries
  prepare_dir
  init_cluster
  if server_running; then
    READY_PORT="$(running_port)"
    [[ -n "$READY_PORT" ]] || die "cannot read the port from $DATA_DIR/postmaster.pid"
    log "already running from $DATA_DIR on 127.0.0.1:$READY_PORT"
    if [[ "$READY_PORT" != "$PG_PORT" ]]; then
      log "note: running on port $READY_PORT, not the requested $PG_PORT (stop it to change ports)"
    fi
  else
    start_server
    READY_PORT="$PG_PORT"
  fi
  wait_ready "$READY_PORT"
  ensure_role_and_db "$READY_PORT"
}

# ---------------------------------------------------------------------------------------------
# Commands.

cmd_start() {
  ensure_running
  log "ready: database $APP_DB, role $APP_ROLE on 127.0.0.1:$READY_PORT"
  connection_string "$APP_DB" "$READY_PORT"
}

cmd_stop() {
  if [[ ! -f "$DATA_DIR/PG_VERSION" ]]; then
    log "nothing to stop: no data folder at $DATA_DIR"
    return 0
  fi
  ensure_binaries
  take_lock
  if server_running; then
    log "stopping server in $DATA_DIR"
    as_pg "$BIN_DIR/pg_ctl" stop -D "$DATA_DIR" -m fast -w -t 60 >&2
  else
    log "not running ($DATA_DIR)"
  fi
}

cmd_url() {
  if [[ -f "$DATA_DIR/PG_VERSION" ]] && find_bin_dir && server_running; then
    local port
    port="$(running_port)"
    [[ -n "$port" ]] || die "cannot read the port from $DATA_DIR/postmaster.pid"
    connection_string "$APP_DB" "$port"
  else
    log "not running ($DATA_DIR); start it with: ops/postgres.sh start"
    exit 1
  fi
}

cmd_reset_db() { # name
  local name="$1"
  # Restrict to plain identifiers: the name is spliced into SQL and into the connection string.
  [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]{0,62}$ ]] ||
    die "database name must match [A-Za-z_][A-Za-z0-9_]* (max 63 chars), got '$name'"
  case "$name" in
  postgres | template0 | template1) die "refusing to reset system database '$name'" ;;
  esac
  ensure_running
  log "recreating database \"$name\" owned by $APP_ROLE"
  # WITH (FORCE) ends sessions a previous test left open.
  admin_psql "$READY_PORT" >&2 <<SQL
SET client_min_messages = warning;
DROP DATABASE IF EXISTS "$name" WITH (FORCE);
CREATE DATABASE "$name" OWNER $APP_ROLE;
SQL
  connection_string "$name" "$READY_PORT"
}

main() {
  local cmd="${1:-}"
  case "$cmd" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  url) cmd_url ;;
  reset-db)
    [[ $# -eq 2 ]] || {
      usage
      die "usage: ops/postgres.sh reset-db NAME"
    }
    cmd_reset_db "$2"
    ;;
  -h | --help | help) usage ;;
  *)
    usage
    exit 2
    ;;
  esac
}

main "$@"
