#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster for the warehouse-aggregation test and prints its libpq
# connection string on stdout; when it cannot, it says why on stderr and exits 1 (so `.ci/run`
# stops rather than run the suite without the check). Installs
# Debian's `postgresql` when it is missing. The cluster lives in a temporary directory, listens
# only on a Unix socket there, and trusts local connections; `scripts/ci/postgres.sh stop DIR`
# stops it.
#
#   export SCORECARD_POSTGRES="$(bash scripts/ci/postgres.sh)"
set -uo pipefail
PORT=54329
if [ "${1:-}" = "stop" ]; then
  BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$BIN" ] && [ -d "${2:-}" ] && runuser -u postgres -- "$BIN/pg_ctl" -D "$2/data" -m fast stop >/dev/null 2>&1
  exit 0
fi
say() { echo "error: $*; the PostgreSQL aggregation test cannot run" >&2; exit 1; }
if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) >/dev/null 2>&1 || say "could not install postgresql"
fi
BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$BIN" ] || say "no PostgreSQL server binaries"
id postgres >/dev/null 2>&1 || say "no postgres user to run the server as"
command -v runuser >/dev/null 2>&1 || say "no runuser"
DIR=$(mktemp -d /tmp/scorecard-pg.XXXXXX)
chown postgres "$DIR"
runuser -u postgres -- "$BIN/initdb" -D "$DIR/data" -A trust -U postgres >/dev/null 2>&1 || say "initdb failed"
runuser -u postgres -- "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w \
  -o "-k $DIR -p $PORT -c listen_addresses='' -c fsync=off" start >/dev/null 2>&1 || say "the server did not start (see $DIR/log)"
echo "host=$DIR port=$PORT user=postgres dbname=postgres"
