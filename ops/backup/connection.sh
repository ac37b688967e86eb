# Sourced by the backup scripts: turns --data-dir DIR (the server's embedded PostgreSQL) or
# --dbname URI (any PostgreSQL, e.g. postgresql://yizhan@db:5432/yizhan) into YZ_DB, the
# connection every program is given (-d "$YZ_DB"). Without either, libpq's own PGHOST, PGPORT,
# PGUSER, PGDATABASE, PGPASSWORD or ~/.pgpass apply (an empty YZ_DB means just those).
# The embedded server listens on 127.0.0.1 on a port chosen at each start: it is read from the
# running postmaster's pid file, the password from DIR/db-password (never on a command line).
yz_connect_data_dir() {
  pid_file=$1/pg/postmaster.pid
  [ -f "$pid_file" ] || { echo "$0: no running embedded PostgreSQL ($pid_file missing): start the server first" >&2; exit 2; }
  YZ_DB="host=127.0.0.1 port=$(sed -n 4p "$pid_file") user=postgres dbname=postgres"
  PGPASSWORD=$(cat "$1/db-password")
  export PGPASSWORD
}
YZ_DB=

# pg_dump / pg_restore must be of the server's major version or newer.
yz_check_versions() {
  server=$(psql -XAtq -d "$YZ_DB" -c 'SHOW server_version_num') || { echo "$0: cannot connect to PostgreSQL" >&2; exit 2; }
  client=$("$1" --version | sed -E 's/.* ([0-9]+)(\.[0-9]+)?.*/\1/')
  if [ "$client" -lt $((server / 10000)) ]; then
    echo "$0: $1 is version $client, the server $((server / 10000)): use a $1 of at least the server's major version" >&2
    exit 2
  fi
}
