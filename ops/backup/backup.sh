#!/bin/sh
# Logical backup of the Yizhan database: pg_dump in custom format (compressed, restorable table by
# table, in parallel), written under a temporary name, checked with pg_restore --list, then renamed.
# Keeps the newest KEEP backups in OUT (default 14), deleting older yizhan-*.dump files there.
#   ops/backup/backup.sh --data-dir ./data --out /backups          # the embedded PostgreSQL
#   PGPASSWORD=... ops/backup/backup.sh --dbname postgresql://yizhan@db:5432/yizhan --out /backups
# The dump is consistent (one snapshot) while the server keeps running. On TimescaleDB the same
# dump works; restore it with restore.sh, which wraps it in timescaledb_pre_restore() and
# timescaledb_post_restore(). See docs/operations.md.
set -eu
here=$(dirname "$0")
. "$here/connection.sh"
out=. keep=${KEEP:-14}
while [ $# -gt 0 ]; do
  case $1 in
    --data-dir) yz_connect_data_dir "$2"; shift 2 ;;
    --dbname) YZ_DB=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --keep) keep=$2; shift 2 ;;
    *) echo "usage: $0 [--data-dir DIR | --dbname URI] [--out DIR] [--keep N]" >&2; exit 2 ;;
  esac
done
yz_check_versions pg_dump
mkdir -p "$out"
file=$out/yizhan-$(date -u +%Y%m%dT%H%M%SZ).dump
tmp=$file.partial
trap 'rm -f "$tmp"' EXIT
pg_dump --format=custom --compress=6 --no-password --file="$tmp" --dbname="$YZ_DB"
pg_restore --list "$tmp" >/dev/null
mv "$tmp" "$file"
trap - EXIT
echo "backup: $file ($(wc -c <"$file") bytes)"
ls -1 "$out"/yizhan-*.dump 2>/dev/null | sort -r | tail -n +$((keep + 1)) | while read -r old; do
  rm -f "$old" && echo "backup: removed $old (keeping the newest $keep)"
done
