#!/usr/bin/env bash
# CI stage for the TimescaleDB path (issue 19, docs/decisions.md): build and install TimescaleDB
# from the vendored source into Debian's PostgreSQL 15 (only when that version is not installed
# yet), run cluster 15/main with the extension preloaded, and run the tests tagged "timescale"
# against it with YIZHAN_TEST_REQUIRE_TIMESCALE=1, so that they fail instead of skipping when the
# extension is missing. Called by .ci/run after the README's test command; can be run alone.
#
# The cluster listens on 127.0.0.1:5432 and user postgres logs in there with a password (Debian's
# pg_hba.conf asks for scram-sha-256 on 127.0.0.1). It is a local test-only password, set here
# each run: YIZHAN_TEST_DB_PASSWORD, default "yizhan-ci". Run the same tests locally with
#   YIZHAN_TEST_DB_URL=jdbc:postgresql://127.0.0.1:5432/postgres YIZHAN_TEST_DB_USER=postgres \
#   YIZHAN_TEST_DB_PASSWORD=yizhan-ci YIZHAN_TEST_REQUIRE_TIMESCALE=1 mvn -B -Ptimescale verify
#
# Without the vendored tarball the stage says so and is skipped (the tests skip as elsewhere).
set -euo pipefail
cd "$(dirname "$0")/.."

version=2.28.3
pg=15
cluster=main
port=5432
password=${YIZHAN_TEST_DB_PASSWORD:-yizhan-ci}
started=$SECONDS

# The vendored source sits beside the checkout (the CI clone is e.g. /check/work/main, the shared
# files /check/work/shared) or at the project machine's fixed place.
tarball=
for dir in "$(pwd)/../shared/vendor" /work/shared/vendor; do
  if [ -f "$dir/timescaledb-$version.tar.gz" ]; then
    tarball=$(cd "$dir" && pwd)/timescaledb-$version.tar.gz
    break
  fi
done
if [ -z "$tarball" ]; then
  echo "ci: timescaledb: timescaledb-$version.tar.gz not found in $(pwd)/../shared/vendor" \
    "or /work/shared/vendor: SKIPPING the TimescaleDB stage (its tests only run against TimescaleDB)"
  exit 0
fi
echo "ci: timescaledb: source $tarball"

need=()
for pkg in postgresql-$pg postgresql-server-dev-$pg cmake build-essential libssl-dev libkrb5-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
installed_packages=0
if [ ${#need[@]} -gt 0 ]; then
  echo "ci: timescaledb: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # postgresql-server-dev-15 may pull a newer postgresql-15: the cluster is restarted below.
  apt-get install -y -qq --no-install-recommends "${need[@]}"
  installed_packages=1
fi

pg_config=/usr/lib/postgresql/$pg/bin/pg_config
pkglibdir=$("$pg_config" --pkglibdir)
extdir=$("$pg_config" --sharedir)/extension
built=0
if [ -f "$pkglibdir/timescaledb-$version.so" ] && [ -f "$pkglibdir/timescaledb-tsl-$version.so" ] &&
  [ -f "$extdir/timescaledb--$version.sql" ] &&
  grep -q "^default_version = '$version'" "$extdir/timescaledb.control" 2>/dev/null; then
  echo "ci: timescaledb: $version already installed in $pkglibdir"
else
  echo "ci: timescaledb: building $version (about two minutes on two cores)"
  build=$(mktemp -d /tmp/yizhan-timescaledb.XXXXXX)
  tar xzf "$tarball" -C "$build"
  (
    cd "$build/timescaledb-$version"
    ./bootstrap -DPG_CONFIG="$pg_config" -DREGRESS_CHECKS=OFF -DTAP_CHECKS=OFF \
      -DWARNINGS_AS_ERRORS=OFF >"$build/bootstrap.log" 2>&1 ||
      { tail -n 40 "$build/bootstrap.log"; exit 1; }
    cd build
    make -j2 >"$build/make.log" 2>&1 || { tail -n 60 "$build/make.log"; exit 1; }
    make install >"$build/install.log" 2>&1 || { tail -n 40 "$build/install.log"; exit 1; }
  )
  rm -rf "$build"
  built=1
  echo "ci: timescaledb: installed $version after $((SECONDS - started)) s"
fi

# Preload the extension (Debian's postgresql.conf reads conf.d); no telemetry calls out.
conf=/etc/postgresql/$pg/$cluster/conf.d/yizhan-timescaledb.conf
wanted="# Written by the project's .ci/timescaledb.sh (TimescaleDB for the integration tests).
shared_preload_libraries = 'timescaledb'
timescaledb.telemetry_level = off
# One job scheduler per database with the extension, each test making its own database: room for
# the schedulers of a run (PostgreSQL's default of 8 worker processes ran out with 12 databases).
timescaledb.max_background_workers = 16
max_worker_processes = 27
listen_addresses = 'localhost'
port = $port"
# A running server keeps the library it loaded: restart after new packages or a new build.
changed=$((installed_packages | built))
if [ "$(cat "$conf" 2>/dev/null)" != "$wanted" ]; then
  printf '%s\n' "$wanted" >"$conf"
  changed=1
fi
if pg_ctlcluster "$pg" "$cluster" status >/dev/null 2>&1; then
  preloaded=$(runuser -u postgres -- psql -p "$port" -XAtqc 'SHOW shared_preload_libraries')
  if [ "$changed" = 1 ] || [[ "$preloaded" != *timescaledb* ]]; then
    echo "ci: timescaledb: restarting cluster $pg/$cluster"
    pg_ctlcluster "$pg" "$cluster" restart
  fi
else
  echo "ci: timescaledb: starting cluster $pg/$cluster"
  pg_ctlcluster "$pg" "$cluster" start
fi
for _ in $(seq 30); do
  pg_isready -q -h 127.0.0.1 -p "$port" && break
  sleep 1
done
# (psql expands :'pw' on standard input only, quoted as a literal)
echo "ALTER ROLE postgres PASSWORD :'pw'" |
  runuser -u postgres -- psql -p "$port" -XAtq -v ON_ERROR_STOP=1 -v pw="$password" >/dev/null
# Test databases of earlier runs (TestDatabases makes yz_test_<pid>_<n> and leaves it) would keep
# their job schedulers; drop those not in use.
runuser -u postgres -- psql -p "$port" -XAtq \
  -c "SELECT datname FROM pg_database WHERE datname LIKE 'yz\_test\_%'" |
  while read -r db; do
    runuser -u postgres -- dropdb -p "$port" --if-exists "$db" 2>/dev/null || true
  done
echo "ci: timescaledb: cluster $pg/$cluster ready on 127.0.0.1:$port after $((SECONDS - started)) s"

# Only the tests tagged "timescale" (pom.xml profile "timescale"); they fail, not skip, when the
# extension is unusable.
YIZHAN_TEST_DB_URL=jdbc:postgresql://127.0.0.1:$port/postgres \
  YIZHAN_TEST_DB_USER=postgres \
  YIZHAN_TEST_DB_PASSWORD=$password \
  YIZHAN_TEST_REQUIRE_TIMESCALE=1 \
  mvn -B -Ptimescale verify
echo "ci: timescaledb: stage done in $((SECONDS - started)) s"
