#!/usr/bin/env bash
# Installs and starts what the test suite needs beyond Python: Debian's postgresql, chromium and nginx,
# libreoffice-calc-nogui (the exports are read back by LibreOffice Calc in the nl-NL locale), and axe-core
# from npm for the accessibility tests.
# Prints the URL of a PostgreSQL role that may create databases (the tests make their own),
# or nothing when no server can be had; logs go to stderr.
set -euo pipefail
log() { echo "services: $*" >&2; }

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
{ command -v nginx || test -x /usr/sbin/nginx; } >/dev/null 2>&1 || need+=(nginx-light)
compgen -G "/usr/lib/postgresql/*/bin/postgres" >/dev/null || need+=(postgresql)
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing ${need[*]} with apt-get"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >&2
  else
    log "missing ${need[*]} and not root: the tests that need them will skip"
  fi
fi

# axe-core for the accessibility tests (tests/test_toegankelijkheid.py), pinned in tests/axe/package-lock.json.
axe_dir="$(dirname "$0")/../tests/axe"
if [ ! -f "$axe_dir/node_modules/axe-core/axe.min.js" ]; then
  if command -v npm >/dev/null; then
    log "installing axe-core with npm ci in tests/axe"
    (cd "$axe_dir" && npm ci --silent --no-audit --no-fund) >&2 || log "npm ci failed: the accessibility tests will skip"
  else
    log "npm missing: the accessibility tests will skip"
  fi
fi

if [ "$(id -u)" != 0 ] || ! command -v pg_lsclusters >/dev/null; then
  exit 0
fi
cluster=$(pg_lsclusters --no-header 2>/dev/null | head -1 || true)
if [ -z "$cluster" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  log "creating PostgreSQL cluster $version/main"
  pg_createcluster "$version" main >&2
  cluster=$(pg_lsclusters --no-header | head -1)
fi
read -r version name port status _ <<<"$cluster"
if [ "$status" != "online" ]; then
  log "starting PostgreSQL $version/$name on port $port"
  pg_ctlcluster "$version" "$name" start >&2
fi
for _ in $(seq 1 30); do
  runuser -u postgres -- psql -p "$port" -tAc "select 1" >/dev/null 2>&1 && break
  sleep 1
done
if ! runuser -u postgres -- psql -p "$port" -tAc "select 1 from pg_roles where rolname = 'dashboard_test'" | grep -q 1; then
  runuser -u postgres -- psql -p "$port" -qc "create role dashboard_test login password 'dashboard_test' createdb" >&2
fi
echo "postgresql+psycopg://dashboard_test:dashboard_test@127.0.0.1:${port}/postgres"
