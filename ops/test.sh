#!/usr/bin/env bash
# The single test command of OneNetwork.Community (README and CI call exactly this).
#
#   ops/test.sh                      build + run every test
#   ops/test.sh --filter Name~Feed   extra arguments go to `dotnet test`
#   ops/test.sh -- xunit.X=Y         arguments after `--` are extra RunSettings
#
# Works on a fresh Debian machine that has the .NET SDK: installs chromium and CJK fonts when
# missing, starts a throwaway PostgreSQL (ops/postgres.sh) and exports for the tests:
#   COMMUNITY_TEST_POSTGRES  Npgsql connection string (set it yourself to use another server)
#   COMMUNITY_CHROMIUM       chromium executable for browser tests (set it yourself to override)
#   COMMUNITY_REDOCLY        the pinned Redocly CLI (ops/openapi) that lints the OpenAPI document (set it to override)
# PostgreSQL is left running for the next run; `ops/postgres.sh stop` stops it.
# Exits with the exit code of the build or of `dotnet test`.
set -euo pipefail

ROOT="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/.." && pwd)"
START_SECONDS=$SECONDS

log() { printf '[test] %s\n' "$*" >&2; }
die() {
  printf '[test] ERROR: %s\n' "$*" >&2
  exit 1
}

# Elapsed time on every exit path, including early failures.
# shellcheck disable=SC2317 # invoked by the EXIT trap
report_elapsed() {
  local rc=$? elapsed=$((SECONDS - START_SECONDS))
  log "finished with exit code $rc in $((elapsed / 60))m $((elapsed % 60))s"
}
trap report_elapsed EXIT

# apt-get install with sudo when not root; `apt-get update` only when the plain install fails
# (a fresh image has no package lists; a warm machine should not hit the network).
apt_install() {
  local sudo=()
  if [[ "$(id -u)" -ne 0 ]]; then
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

# Any font covering Chinese will do (without one, Chinese renders as boxes in screenshots).
# Output is captured rather than piped into `grep -q`, which under pipefail can fail on SIGPIPE.
has_cjk_font() {
  if command -v fc-list >/dev/null 2>&1 && [[ -n "$(fc-list :lang=zh family 2>/dev/null)" ]]; then
    return 0
  fi
  [[ "$(dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null)" == *"ok installed"* ]]
}

ensure_browser_and_fonts() {
  local missing=()
  if [[ -z "${COMMUNITY_CHROMIUM:-}" ]] && ! command -v chromium >/dev/null 2>&1; then
    missing+=(chromium)
  fi
  has_cjk_font || missing+=(fonts-noto-cjk)
  if ((${#missing[@]} > 0)); then
    apt_install "${missing[@]}" # one apt-get call for everything missing
  fi
  if [[ -z "${COMMUNITY_CHROMIUM:-}" ]]; then
    COMMUNITY_CHROMIUM="$(command -v chromium)" || die "chromium not found after install"
  fi
  [[ -x "$COMMUNITY_CHROMIUM" ]] || die "COMMUNITY_CHROMIUM is not executable: $COMMUNITY_CHROMIUM"
  export COMMUNITY_CHROMIUM
  log "browser: $COMMUNITY_CHROMIUM"
}

ensure_postgres() {
  if [[ -n "${COMMUNITY_TEST_POSTGRES:-}" ]]; then
    log "PostgreSQL: using COMMUNITY_TEST_POSTGRES from the environment"
  else
    COMMUNITY_TEST_POSTGRES="$("$ROOT/ops/postgres.sh" start)"
  fi
  export COMMUNITY_TEST_POSTGRES
  log "PostgreSQL: $(sed -E 's/(Password=)[^;]*/\1***/I' <<<"$COMMUNITY_TEST_POSTGRES")"
}

# The pinned Redocly CLI that lints GET /openapi/v1.json (ops/openapi/package.json and its lock). `npm ci` only when
# node_modules is missing or older than the lock, so a warm machine does not touch the registry.
ensure_openapi_lint() {
  local dir="$ROOT/ops/openapi" stamp="$ROOT/ops/openapi/node_modules/.package-lock.json"
  if [[ -n "${COMMUNITY_REDOCLY:-}" ]]; then
    [[ -x "$COMMUNITY_REDOCLY" ]] || die "COMMUNITY_REDOCLY is not executable: $COMMUNITY_REDOCLY"
    export COMMUNITY_REDOCLY
    log "OpenAPI linter: using COMMUNITY_REDOCLY from the environment: $COMMUNITY_REDOCLY"
    return 0
  fi
  if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
    apt_install nodejs npm
  fi
  # The CLI's own minimum (package-lock.json: engines); Debian's nodejs may be older.
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)||(a===20&&b>=19)?0:1)' \
    || die "Redocly CLI needs Node.js 20.19+ or 22.12+; found $(node --version) at $(command -v node)"
  if [[ ! -f "$stamp" || "$dir/package-lock.json" -nt "$stamp" || ! -x "$dir/node_modules/.bin/redocly" ]]; then
    log "installing the OpenAPI linter (npm ci in ops/openapi)"
    (cd "$dir" && npm ci --no-audit --no-fund >&2) || die "npm ci failed in $dir"
  fi
  COMMUNITY_REDOCLY="$dir/node_modules/.bin/redocly"
  export COMMUNITY_REDOCLY
  log "OpenAPI linter: $COMMUNITY_REDOCLY ($("$COMMUNITY_REDOCLY" --version 2>/dev/null | head -n1))"
}

find_solution() {
  local candidate
  for candidate in OneNetwork.Community.sln OneNetwork.Community.slnx; do
    if [[ -f "$ROOT/$candidate" ]]; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  die "no OneNetwork.Community.sln (or .slnx) in $ROOT"
}

main() {
  cd "$ROOT"
  command -v dotnet >/dev/null 2>&1 || die "dotnet not found: install the .NET 10 SDK"
  export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
  export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"

  local sln
  sln="$(find_solution)"
  ensure_browser_and_fonts
  ensure_postgres
  ensure_openapi_lint

  # Split the user's arguments: before `--` for dotnet test, after it for RunSettings.
  local test_args=() settings_args=() seen_separator=false no_build=false arg
  for arg in "$@"; do
    if ! $seen_separator && [[ "$arg" == "--" ]]; then
      seen_separator=true
    elif $seen_separator; then
      settings_args+=("$arg")
    else
      [[ "$arg" == "--no-build" ]] && no_build=true
      test_args+=("$arg")
    fi
  done

  # Build first, in parallel, then run the test assemblies one at a time: `dotnet test` on a
  # solution starts every test project as soon as its build ends (MSBuild parallelism), and
  # RunConfiguration.MaxCpuCount alone does not prevent that (microsoft/vstest#1966); -m:1 on
  # the --no-build run does, without serialising the build.
  local rc=0
  if ! $no_build; then
    log "building $sln (Release, warnings as errors)"
    dotnet build "$sln" -c Release -p:TreatWarningsAsErrors=true || rc=$?
    if ((rc != 0)); then
      log "build failed"
      exit "$rc"
    fi
    test_args=(--no-build "${test_args[@]}")
  fi

  log "running tests (one assembly at a time)"
  dotnet test "$sln" -c Release -p:TreatWarningsAsErrors=true -m:1 \
    --logger "console;verbosity=normal" "${test_args[@]}" \
    -- RunConfiguration.MaxCpuCount=1 "${settings_args[@]}" || rc=$?

  log "PostgreSQL is left running for the next run; stop it with: ops/postgres.sh stop"
  exit "$rc"
}

main "$@"
