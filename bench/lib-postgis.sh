# The PostGIS baseline's steps, shared by run-postgis.sh and run-all.sh; sourced after lib.sh.
# shellcheck shell=bash
#
# pgbench scripts (all ORDER BY <-> LIMIT 10 answered by a GiST KNN index scan):
#   geom-points   geometry(Point,4326) at the same 4096 points as wrk and JMH (the headline)
#   geom-uniform  geometry at a uniform random point over China, from \set random integers
#   geog-points   geography (spheroidal distance, like the server's great circle) at the points

PGBENCH_CLIENTS="${PGBENCH_CLIENTS:-8}"
PGBENCH_THREADS="${PGBENCH_THREADS:-2}"
PGBENCH_DURATION="${PGBENCH_DURATION:-30}"
PGBENCH_WARMUP="${PGBENCH_WARMUP:-5}"
read -r PG_VERSION PG_NAME <<<"${PG_CLUSTER:-15 main}"
PG_DB=yizhan_bench
PG_OUT="$RESULTS_DIR/postgis"
PG_STARTED_CLUSTER=0
PG_WORK=""
PG_PORT=""

pg_cluster_field() { pg_lsclusters -h | awk -v v="$PG_VERSION" -v n="$PG_NAME" -v f="$1" '$1 == v && $2 == n { print $f }'; }

# psql and pgbench use the Unix socket with peer authentication, so they run as postgres.
as_postgres() { (cd / && runuser -u postgres -- "$@"); }
pg_psql() { as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@"; }
pg_value() { as_postgres psql -X -At -p "$PG_PORT" -d "$PG_DB" -c "$1"; }

# Starts the cluster if it is down, loads the national CSV and the query points into a scratch
# database, and writes the pgbench scripts.
pg_setup() {
  ensure_points
  ensure_national_csv
  if [[ -z "$(pg_cluster_field 4)" ]]; then
    log "no PostgreSQL cluster $PG_VERSION/$PG_NAME (pg_lsclusters)"
    return 1
  fi
  if [[ "$(pg_cluster_field 4)" != online ]]; then
    log "starting PostgreSQL $PG_VERSION/$PG_NAME (stopped again at the end)"
    PG_STARTED_CLUSTER=1
    pg_ctlcluster "$PG_VERSION" "$PG_NAME" start
  fi
  PG_PORT=$(pg_cluster_field 3)

  log "loading $(basename "$NATIONAL_CSV") into database $PG_DB"
  pg_psql -d postgres -c "DROP DATABASE IF EXISTS $PG_DB" -c "CREATE DATABASE $PG_DB"
  pg_psql -d "$PG_DB" <<'SQL'
CREATE EXTENSION postgis;
CREATE UNLOGGED TABLE station_csv (
  id text, name_zh text, name_en text, kind text, lat double precision, lon double precision,
  address text, city text, district text, capacity int, amenities text, opening_hours text,
  operator text, phone text, status text, star_rating int, version bigint);
CREATE UNLOGGED TABLE qpoint_raw (lat double precision, lon double precision);
SQL
  pg_psql -d "$PG_DB" -c "\copy station_csv FROM STDIN WITH (FORMAT csv, HEADER true)" <"$NATIONAL_CSV"
  pg_psql -d "$PG_DB" -c "\copy qpoint_raw FROM STDIN WITH (FORMAT text)" <"$POINTS_FILE"
  pg_psql -d "$PG_DB" <<'SQL'
CREATE TABLE station AS
  SELECT id, name_zh, kind, status,
         ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geometry(Point, 4326) AS geom,
         ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography(Point, 4326) AS geog
  FROM station_csv;
ALTER TABLE station ADD PRIMARY KEY (id);
CREATE INDEX station_geom_gist ON station USING gist (geom);
CREATE INDEX station_geog_gist ON station USING gist (geog);
CREATE TABLE qpoint AS
  SELECT (row_number() OVER ())::int AS i, lat, lon,
         ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geometry(Point, 4326) AS geom,
         ST_SetSRID(ST_MakePoint(lon, lat), 4326)::geography(Point, 4326) AS geog
  FROM qpoint_raw;
ALTER TABLE qpoint ADD PRIMARY KEY (i);
DROP TABLE station_csv, qpoint_raw;
VACUUM ANALYZE;
SQL

  PG_WORK=$(mktemp -d /tmp/yizhan-pgbench.XXXXXX)
  chmod 755 "$PG_WORK"
  cat >"$PG_WORK/geom-points.sql" <<'SQL'
\set i random(1, 4096)
SELECT s.id FROM qpoint q CROSS JOIN LATERAL (SELECT id FROM station ORDER BY geom <-> q.geom LIMIT 10) s WHERE q.i = :i;
SQL
  cat >"$PG_WORK/geom-uniform.sql" <<'SQL'
\set lat random(1800000, 5400000)
\set lon random(7300000, 13500000)
SELECT id FROM station ORDER BY geom <-> ST_SetSRID(ST_MakePoint(:lon / 100000.0, :lat / 100000.0), 4326) LIMIT 10;
SQL
  cat >"$PG_WORK/geog-points.sql" <<'SQL'
\set i random(1, 4096)
SELECT s.id FROM qpoint q CROSS JOIN LATERAL (SELECT id FROM station ORDER BY geog <-> q.geog LIMIT 10) s WHERE q.i = :i;
SQL
  chmod 644 "$PG_WORK"/*.sql
  chown postgres "$PG_WORK"
  cp "$PG_WORK"/*.sql "$RESULTS_DIR/"

  {
    environment
    echo "postgres:    $(pg_value 'SELECT version()' | cut -d, -f1), PostGIS $(pg_value 'SELECT postgis_lib_version()'), cluster $PG_VERSION/$PG_NAME, default settings (shared_buffers=$(pg_value 'SHOW shared_buffers'))"
    echo "data:        $(pg_value 'SELECT count(*) FROM station') stations, $(pg_value 'SELECT count(*) FROM qpoint') query points; GiST on geometry and on geography"
    echo "pgbench:     $(pgbench --version | cut -d' ' -f3); -n -M prepared -c $PGBENCH_CLIENTS -j $PGBENCH_THREADS -T $PGBENCH_DURATION over the Unix socket, after a -T $PGBENCH_WARMUP warm-up (discarded)"
  } >"$PG_OUT-env.txt"
  cat "$PG_OUT-env.txt" >&2

  # Evidence that every script is answered by a GiST KNN index scan.
  local q
  : >"$PG_OUT-explain.txt"
  for q in \
    "SELECT s.id FROM qpoint q CROSS JOIN LATERAL (SELECT id FROM station ORDER BY geom <-> q.geom LIMIT 10) s WHERE q.i = 1" \
    "SELECT id FROM station ORDER BY geom <-> ST_SetSRID(ST_MakePoint(11640700 / 100000.0, 3990400 / 100000.0), 4326) LIMIT 10" \
    "SELECT s.id FROM qpoint q CROSS JOIN LATERAL (SELECT id FROM station ORDER BY geog <-> q.geog LIMIT 10) s WHERE q.i = 1"; do
    { echo "$q"; as_postgres psql -X -p "$PG_PORT" -d "$PG_DB" -c "EXPLAIN (ANALYZE, BUFFERS) $q"; } >>"$PG_OUT-explain.txt"
  done
  PG_WARMED=" "
}

# pg_round SCRIPT ROUND: one measured pgbench run (after a warm-up the first time a script runs);
# prints a PGBENCH_RESULT line (also appended to $PG_OUT-rounds.txt).
pg_round() {
  local script="$1" round="$2" out="$PG_OUT-$1-$2.txt"
  if [[ "$PG_WARMED" != *" $script "* ]]; then
    as_postgres pgbench -n -M prepared -c "$PGBENCH_CLIENTS" -j "$PGBENCH_THREADS" -T "$PGBENCH_WARMUP" \
      -p "$PG_PORT" -f "$PG_WORK/$script.sql" "$PG_DB" >"$PG_OUT-$script-warmup.txt" 2>&1
    PG_WARMED="$PG_WARMED$script "
  fi
  log "pgbench $script round $round (${PGBENCH_DURATION}s)"
  rm -f "$PG_WORK"/pgbench_log.*
  local m0 m1
  m0=$(machine_ticks)
  (cd "$PG_WORK" && runuser -u postgres -- pgbench -n -M prepared -c "$PGBENCH_CLIENTS" -j "$PGBENCH_THREADS" \
    -T "$PGBENCH_DURATION" -p "$PG_PORT" -l --log-prefix=pgbench_log -f "$PG_WORK/$script.sql" "$PG_DB") >"$out" 2>&1
  m1=$(machine_ticks)
  local tps mean failed pcts
  tps=$(awk '/^tps = / { print $3; exit }' "$out")
  mean=$(awk '/^latency average = / { print $4; exit }' "$out")
  failed=$(awk '/^number of failed transactions: / { print $5; exit }' "$out")
  # Per-transaction log lines: client_id transaction_no latency_us script_no epoch_s epoch_us.
  pcts=$(cat "$PG_WORK"/pgbench_log.* | awk '{ print $3 }' | sort -n | awk '
    { a[NR] = $1 }
    END { printf "p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f", a[int(NR * 0.50)] / 1000, a[int(NR * 0.90)] / 1000, a[int(NR * 0.99)] / 1000, a[int(NR * 0.999)] / 1000, a[NR] / 1000 }')
  rm -f "$PG_WORK"/pgbench_log.*
  echo "PGBENCH_RESULT script=$script round=$round tps=$(printf '%.0f' "$tps") mean_ms=$mean $pcts failed=${failed:-0} cores_machine=$(busy_cores "$m0" "$m1")" |
    tee -a "$PG_OUT-rounds.txt"
}

# Drops the scratch database (unless KEEP_PG_DB=1) and stops the cluster if pg_setup started it.
pg_teardown() {
  if [[ -n "$PG_PORT" && "${KEEP_PG_DB:-0}" != 1 && "$(pg_cluster_field 4)" == online ]]; then
    as_postgres psql -X -q -p "$PG_PORT" -d postgres -c "DROP DATABASE IF EXISTS $PG_DB" >/dev/null 2>&1 || true
  fi
  if [[ "$PG_STARTED_CLUSTER" == 1 ]]; then
    log "stopping PostgreSQL $PG_VERSION/$PG_NAME (it was down before this run)"
    pg_ctlcluster "$PG_VERSION" "$PG_NAME" stop || true
    PG_STARTED_CLUSTER=0
  fi
  if [[ -n "$PG_WORK" ]]; then
    rm -rf "$PG_WORK"
    PG_WORK=""
  fi
}

# pg_median SCRIPT KEY: the median of KEY over the rounds of SCRIPT in $PG_OUT-rounds.txt.
pg_median() {
  grep "script=$1 " "$PG_OUT-rounds.txt" | while read -r l; do kv "$l" "$2"; done | median
}
