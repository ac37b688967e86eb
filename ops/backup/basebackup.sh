#!/bin/sh
# Physical backup of the whole PostgreSQL cluster, the base for point-in-time recovery: a
# compressed tar of the data directory plus the WAL needed to make it consistent (-X stream).
# Together with archived WAL (archive_mode/archive_command, docs/operations.md) it restores the
# cluster to any moment after the backup. Needs a role with REPLICATION and a pg_hba.conf line
# for "replication"; for a whole cluster only (TimescaleDB included), not one database.
#   PGPASSWORD=... ops/backup/basebackup.sh --dbname postgresql://postgres@db:5432 --out /backups
set -eu
here=$(dirname "$0")
. "$here/connection.sh"
out=.
while [ $# -gt 0 ]; do
  case $1 in
    --dbname) YZ_DB=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "usage: $0 [--dbname URI] [--out DIR]" >&2; exit 2 ;;
  esac
done
dir=$out/base-$(date -u +%Y%m%dT%H%M%SZ)
pg_basebackup --dbname="$YZ_DB" --pgdata="$dir" --format=tar --gzip \
  --wal-method=stream --checkpoint=fast --progress --verbose --manifest-checksums=SHA256
echo "basebackup: $dir"
