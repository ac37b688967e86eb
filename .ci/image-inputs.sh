#!/usr/bin/env bash
# CI stage for the server image (issue 16): no container engine runs on CI, so check the image's
# inputs instead. Reads the Dockerfile's build stage, copies exactly the paths its COPY lines name
# (tracked files only, as in a clean checkout) into an empty directory, runs the Dockerfile's own
# Maven command there (offline: .ci/run resolved the dependencies before), then:
#   1. the jar must refuse to start without YIZHAN_DB_URL, saying so (no embedded PostgreSQL in it);
#   2. the jar must start against a PostgreSQL and the Dockerfile's HEALTHCHECK command must pass.
# PostgreSQL: cluster 15/main on 127.0.0.1:5432 (started by .ci/timescaledb.sh; user postgres,
# password YIZHAN_TEST_DB_PASSWORD, default "yizhan-ci"), in a database of its own, dropped after.
# Without it, a throwaway cluster from Debian's postgresql-15 binaries on a free port.
# About 60 to 80 s on two cores. Can be run alone: .ci/image-inputs.sh
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
dockerfile=Dockerfile

work=$(mktemp -d /tmp/yizhan-image.XXXXXX)
server_pid=
tmp_cluster=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ -n "$tmp_cluster" ]; then
    runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$tmp_cluster" -m fast stop \
      >/dev/null 2>&1 || true
    rm -rf "$(dirname "$tmp_cluster")"
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# The build stage: from its FROM up to the next FROM, continuation lines joined.
stage=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$dockerfile" |
  awk '/^FROM /{n++} n==1')
workdir=$(printf '%s\n' "$stage" | awk '$1=="WORKDIR"{print $2}' | tail -n 1)
build=$work/root$workdir
mkdir -p "$build"

# COPY <src>... <dest> (relative dest = under WORKDIR); --from= lines copy between stages.
copies=$(printf '%s\n' "$stage" | awk '$1=="COPY" && $2 !~ /^--from=/')
[ -n "$copies" ] || { echo "ci: image: no COPY lines in $dockerfile's build stage"; exit 1; }
while read -r _ line; do
  read -r -a parts <<<"$line"
  dest=${parts[-1]}
  unset 'parts[-1]'
  case $dest in /*) target=$work/root$dest ;; *) target=$build/$dest ;; esac
  for src in "${parts[@]}"; do
    files=$(git ls-files -- "$src")
    [ -n "$files" ] || { echo "ci: image: COPY $src: no tracked file there"; exit 1; }
    if [ -d "$src" ]; then
      mkdir -p "$target"
      (git ls-files -z -- "$src" | tar --null -T - -cf -) |
        tar -xf - -C "$target" --strip-components="$(awk -F/ '{print NF}' <<<"${src%/}")"
    else
      case $dest in
        */ | .) mkdir -p "$target" && cp "$src" "$target/" ;;
        *) mkdir -p "$(dirname "$target")" && cp "$src" "$target" ;;
      esac
    fi
    echo "ci: image: COPY $src -> $dest"
  done
done <<<"$copies"

# The Dockerfile's Maven command, without RUN and its --mount options, plus -o (offline).
mvn_cmd=$(printf '%s\n' "$stage" | awk '$1=="RUN" && / mvn /' | sed -E 's/^RUN +//; s/--mount=[^ ]+ +//g')
[ -n "$mvn_cmd" ] || { echo "ci: image: no RUN mvn line in $dockerfile's build stage"; exit 1; }
echo "ci: image: $mvn_cmd -o (in $build)"
(cd "$build" && eval "$mvn_cmd -o")
jar=$(ls "$build"/target/yizhan-*-all.jar)
echo "ci: image: built $(basename "$jar"), $(($(stat -c %s "$jar") / 1048576)) MB," \
  "$((SECONDS - started)) s"
if unzip -l "$jar" | grep -q 'postgres-.*\.txz'; then
  echo "ci: image: the jar carries embedded PostgreSQL binaries; the image profile must leave them out"
  exit 1
fi

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null ||
    shuf -i 20000-60000 -n 1
}

# 1. Without a database URL: a clear refusal, not a restart loop on a stack trace.
set +e
out=$(cd "$work" && YIZHAN_DATA_DIR=$work/data-nodb YIZHAN_HTTP_PORT=$(free_port) YIZHAN_MQTT_PORT=0 \
  timeout 60 java -jar "$jar" 2>&1)
rc=$?
set -e
if [ "$rc" = 0 ] || ! grep -q 'set YIZHAN_DB_URL' <<<"$out"; then
  printf '%s\n' "$out" | tail -n 20
  echo "ci: image: without YIZHAN_DB_URL the jar must exit non-zero naming YIZHAN_DB_URL (exit $rc)"
  exit 1
fi
echo "ci: image: without YIZHAN_DB_URL it refuses to start (exit $rc) and says why"

# 2. Against a PostgreSQL.
db=yizhan_image_check_$$
export PGPASSWORD=${YIZHAN_TEST_DB_PASSWORD:-yizhan-ci}
pg_host=127.0.0.1 pg_port=5432 pg_user=postgres
if ! psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -XAtqc 'SELECT 1' postgres >/dev/null 2>&1; then
  [ -x /usr/lib/postgresql/15/bin/initdb ] ||
    { echo "ci: image: no PostgreSQL on 5432 and no postgresql-15 to start one"; exit 1; }
  tmp_cluster=$(mktemp -d /tmp/yizhan-image-pg.XXXXXX)
  chown postgres "$tmp_cluster"
  pg_port=$(free_port)
  printf '%s\n' "$PGPASSWORD" >"$tmp_cluster.pw" && chown postgres "$tmp_cluster.pw"
  runuser -u postgres -- /usr/lib/postgresql/15/bin/initdb -D "$tmp_cluster/data" -U postgres \
    --auth=scram-sha-256 --pwfile="$tmp_cluster.pw" >/dev/null
  rm -f "$tmp_cluster.pw"
  tmp_cluster=$tmp_cluster/data
  runuser -u postgres -- /usr/lib/postgresql/15/bin/pg_ctl -D "$tmp_cluster" -w -l "$tmp_cluster/log" \
    -o "-p $pg_port -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
  echo "ci: image: throwaway PostgreSQL 15 on port $pg_port"
fi
psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -XAtq -v ON_ERROR_STOP=1 -c "CREATE DATABASE $db" postgres
drop_db() {
  psql -h "$pg_host" -p "$pg_port" -U "$pg_user" -XAtq -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" \
    postgres >/dev/null 2>&1 || true
}
trap 'drop_db; cleanup' EXIT

http_port=$(free_port)
log=$work/server.log
(cd "$work" && exec env YIZHAN_DB_URL="jdbc:postgresql://$pg_host:$pg_port/$db" YIZHAN_DB_USER="$pg_user" \
  YIZHAN_DB_PASSWORD="$PGPASSWORD" YIZHAN_DATA_DIR="$work/data" YIZHAN_HTTP_PORT="$http_port" \
  YIZHAN_MQTT_PORT=0 java -Xmx512m -jar "$jar" >"$log" 2>&1) &
server_pid=$!

# The HEALTHCHECK exactly as the Dockerfile says, with the jar's path on this machine.
health=$(sed -e ':a' -e '/\\$/N; s/\\\n//; ta' "$dockerfile" | awk '$1=="HEALTHCHECK"' |
  sed -E 's/.* CMD +//; s/[][",]/ /g; s#/opt/yizhan/yizhan.jar#'"$jar"'#')
[ -n "$health" ] || { echo "ci: image: no HEALTHCHECK in $dockerfile"; exit 1; }
deadline=$((SECONDS + 90))
until YIZHAN_HTTP_PORT=$http_port $health >"$work/probe.log" 2>&1; do
  if ! kill -0 "$server_pid" 2>/dev/null; then
    tail -n 30 "$log"
    echo "ci: image: the server exited before it was ready"
    exit 1
  fi
  if [ $SECONDS -ge $deadline ]; then
    tail -n 30 "$log"
    cat "$work/probe.log"
    echo "ci: image: /health/ready not 200 within 90 s"
    exit 1
  fi
  sleep 1
done
echo "ci: image: HEALTHCHECK passes: /health/ready answers 200 ($((SECONDS - started)) s in all)"
kill "$server_pid"
wait "$server_pid" || true
server_pid=
echo "ci: image: inputs checked in $((SECONDS - started)) s"
