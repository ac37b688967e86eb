#!/usr/bin/env bash
# Lighthouse (accessibility and best practices, its default mobile form factor: a throttled phone)
# on the workers' phone map with Debian's chromium: the list in Chinese, the list in English and
# a station page (issue 17, "mapfix").
#
#  1. A server with the Shanxi demo on a fresh data dir, or the one at BASE_URL.
#  2. Lighthouse installed with npm into a temporary directory, never into the repository (or the
#     one named by LH=/path/to/lighthouse).
#  3. Lighthouse on each page; the scores and every audit not passed in the summary.
# Results: bench/results/lighthouse-map-*.json and -summary.txt.
#
# Environment (all optional):
#   SKIP_BUILD=1            reuse the jar built by an earlier run
#   BASE_URL                measure a server that is already running instead of starting one
#   LH                      a lighthouse binary to use instead of installing one
#   LIGHTHOUSE_VERSION      npm version spec (default: latest)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OUT="$RESULTS_DIR/lighthouse-map"
export CHROME_PATH=/usr/bin/chromium
if [[ ! -x "$CHROME_PATH" ]]; then
  log "$CHROME_PATH is missing: apt-get install chromium"
  exit 1
fi

TMP=$(mktemp -d)
cleanup() {
  stop_server
  rm -rf "$TMP"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [[ -z "${BASE_URL:-}" ]]; then
  build_server
  port=$(pick_port)
  rm -rf "$OUT-data"
  mkdir -p "$OUT-data"
  # The machine is offline: base-map tiles come from the server itself (Leaflet's layers.png), so
  # that unreachable tile hosts do not fill the console with errors that are not the page's.
  YIZHAN_TILES_URL="http://127.0.0.1:$port/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}" \
    start_server "$port" "$OUT-data" "$OUT-server.log" --demo
  wait_ready "$port" 300 "$SERVER_PID" "$SERVER_START_MS" >/dev/null
  for _ in $(seq 1 600); do
    grep -q 'started in' "$OUT-server.log" && break
    sleep 0.1
  done
  BASE_URL="http://127.0.0.1:$port"
fi

if [[ -z "${LH:-}" ]]; then
  log "installing lighthouse into $TMP/npm"
  mkdir -p "$TMP/npm"
  (cd "$TMP/npm" && npm init -y >/dev/null &&
    npm install --no-audit --no-fund --loglevel=error "lighthouse@${LIGHTHOUSE_VERSION:-latest}" >/dev/null)
  LH="$TMP/npm/node_modules/.bin/lighthouse"
fi

STATION=$(curl -s "$BASE_URL/api/v1/stations?limit=1" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["features"][0]["properties"]["id"])')
PAGES=("/" "/?lang=en" "/#station=$STATION")
: >"$OUT-summary.txt"
{
  echo "lighthouse:  $("$LH" --version)"
  echo "chromium:    $("$CHROME_PATH" --version 2>/dev/null)"
  echo "form factor: mobile (Lighthouse's default); categories accessibility, best-practices"
} | tee -a "$OUT-summary.txt" >&2
i=0
for page in "${PAGES[@]}"; do
  i=$((i + 1))
  "$LH" "$BASE_URL$page" --quiet --only-categories=accessibility,best-practices \
    --chrome-flags="--headless=new --no-sandbox" --output=json --output-path="$OUT-$i.json"
  python3 - "$OUT-$i.json" "$page" <<'PY' | tee -a "$OUT-summary.txt"
import json, sys
d = json.load(open(sys.argv[1]))
scores = {k: round(v["score"] * 100) for k, v in d["categories"].items()}
print(f'{sys.argv[2]:40s} accessibility {scores["accessibility"]:3d}  best-practices {scores["best-practices"]:3d}')
for a in d["audits"].values():
    if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") in ("binary", "numeric"):
        print("    not passed:", a["id"], "-", a.get("title", ""))
PY
done
