#!/usr/bin/env bash
# Starts a throwaway PostgreSQL 15 on 127.0.0.1 for the integration tests and prints the environment
# they need (eval its output). `.ci/postgres.sh stop <dir>` stops it. Installs the server if missing.
set -euo pipefail
bin=/usr/lib/postgresql/15/bin
if [ "${1:-start}" = stop ]; then
  [ -d "${2:-}" ] && runuser -u postgres -- "$bin/pg_ctl" -D "$2/data" -m fast stop >/dev/null 2>&1 || true
  rm -rf "${2:-/nonexistent}"
  exit 0
fi
if [ ! -x "$bin/initdb" ]; then
  echo "installing PostgreSQL 15..." >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15) >&2
fi
dir=$(mktemp -d /tmp/actorpipeline-pg.XXXXXX)
chown postgres "$dir"
port=${ACTORPIPELINE_PG_PORT:-55432}
password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
umask 077
echo "$password" > "$dir/pw" && chown postgres "$dir/pw"
runuser -u postgres -- "$bin/initdb" -D "$dir/data" -A scram-sha-256 --pwfile="$dir/pw" -U postgres >/dev/null
rm -f "$dir/pw"
runuser -u postgres -- "$bin/pg_ctl" -D "$dir/data" -l "$dir/log" -o "-h 127.0.0.1 -p $port -k $dir" -w start >/dev/null
PGPASSWORD=$password psql -h 127.0.0.1 -p "$port" -U postgres -q -c "CREATE ROLE actorpipeline LOGIN PASSWORD '$password';" -c "CREATE DATABASE actorpipeline OWNER actorpipeline;" >&2
echo "export ACTORPIPELINE_PG_DIR='$dir'"
echo "export ACTORPIPELINE_TEST_PG='Host=127.0.0.1;Port=$port;Database=actorpipeline;Username=actorpipeline'"
echo "export ACTORPIPELINE_PG_PASSWORD='$password'"
