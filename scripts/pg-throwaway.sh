#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 cluster on 127.0.0.1 for the database test suite and prints the
# connection URL on stdout. Usage: scripts/pg-throwaway.sh <dir> [port]. Stop it with:
#   runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D <dir>/data stop -m fast
# PostgreSQL refuses to run as root, so the cluster belongs to the postgres user.
set -euo pipefail
dir=${1:?usage: pg-throwaway.sh <dir> [port]}
port=${2:-55432}
bin=/usr/lib/postgresql/15/bin
[[ -x $bin/initdb ]] || { echo "PostgreSQL 15 is not installed ($bin/initdb missing)" >&2; exit 3; }
as_pg=()
if [[ $(id -u) -eq 0 ]]; then as_pg=(runuser -u postgres --); fi
mkdir -p "$dir"
[[ ${#as_pg[@]} -eq 0 ]] || chown postgres "$dir"
if [[ ! -f $dir/data/PG_VERSION ]]; then
  "${as_pg[@]}" "$bin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --no-locale >"$dir/initdb.log" 2>&1
fi
"${as_pg[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" \
  -o "-h 127.0.0.1 -p $port -k $dir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" -w start >/dev/null
echo "postgres://postgres@127.0.0.1:$port/postgres"
