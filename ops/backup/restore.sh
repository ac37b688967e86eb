#!/bin/sh
# Restores a backup.sh dump into an EMPTY database (create it first: createdb, or the compose db
# service's POSTGRES_DB on a fresh volume), stopping at the first error:
#   PGPASSWORD=... ops/backup/restore.sh --dbname postgresql://yizhan@db:5432/yizhan FILE.dump
#   ops/backup/restore.sh --data-dir ./data FILE.dump     # a fresh embedded store (server running)
# A dump taken from TimescaleDB is restored between timescaledb_pre_restore() and
# timescaledb_post_restore(), which stop and restart the extension's background jobs and let its
# catalog be restored as plain rows; the target needs the same TimescaleDB version as the source.
# Then start the server on the database: Flyway finds the schema at its version and applies nothing.
set -eu
here=$(dirname "$0")
. "$here/connection.sh"
file=
jobs=${JOBS:-2}
while [ $# -gt 0 ]; do
  case $1 in
    --data-dir) yz_connect_data_dir "$2"; shift 2 ;;
    --dbname) YZ_DB=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    -*) echo "usage: $0 [--data-dir DIR | --dbname URI] [--jobs N] FILE.dump" >&2; exit 2 ;;
    *) file=$1; shift ;;
  esac
done
[ -f "$file" ] || { echo "$0: no dump file given (or not found: $file)" >&2; exit 2; }
yz_check_versions pg_restore
tables=$(psql -XAtq -d "$YZ_DB" -c "SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema', '_timescaledb_catalog', '_timescaledb_config', '_timescaledb_internal', '_timescaledb_cache', 'timescaledb_information', 'timescaledb_experimental', '_timescaledb_functions', 'toolkit_experimental')")
if [ "$tables" != 0 ]; then
  echo "$0: the target database already has $tables tables: restore into an empty database" >&2
  exit 2
fi
if pg_restore --list "$file" | grep -q ' EXTENSION - timescaledb '; then
  echo "restore: TimescaleDB dump: timescaledb_pre_restore() ... timescaledb_post_restore()"
  psql -XAtq -d "$YZ_DB" -v ON_ERROR_STOP=1 -c 'CREATE EXTENSION IF NOT EXISTS timescaledb' \
    -c 'SELECT timescaledb_pre_restore()' >/dev/null
  # Single job: TimescaleDB's catalog rows must come in dump order.
  status=0
  pg_restore --no-password --exit-on-error --no-owner --dbname="$YZ_DB" "$file" || status=$?
  psql -XAtq -d "$YZ_DB" -v ON_ERROR_STOP=1 -c 'SELECT timescaledb_post_restore()' >/dev/null
  [ "$status" = 0 ] || exit "$status"
else
  pg_restore --no-password --exit-on-error --no-owner --jobs="$jobs" --dbname="$YZ_DB" "$file"
fi
psql -XAtq -d "$YZ_DB" -c 'ANALYZE' >/dev/null
echo "restore: $file restored into $(psql -XAtq -d "$YZ_DB" -c 'SELECT current_database()')"
