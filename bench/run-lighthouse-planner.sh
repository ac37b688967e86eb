#!/usr/bin/env bash
# Lighthouse (accessibility and best practices, its default mobile form factor) on the planner's
# pages of the admin console, logged in as a planner, with Debian's chromium; and the printable
# report printed to PDF by chromium's own --print-to-pdf (issue 15, items 7 and 8).
#
#  1. A server with the Shanxi demo (--demo, its synthetic demand set) on a fresh data dir, or the
#     one at BASE_URL (then ADMIN_TOKEN must be its admin token).
#  2. A planner account; a coverage run and an MCLP run (k = 20, a 1 km grid of candidates) on
#     the demo demand, both kept as scenarios.
#  3. Lighthouse on each page, the session cookie passed with --extra-headers. Lighthouse and
#     puppeteer-core (which logs a chromium profile in for the PDF) are installed with npm into a
#     temporary directory, never into the repository.
#  4. chromium --headless --print-to-pdf of the report with that profile; pdfinfo (poppler-utils)
#     gives its page count when installed.
# Results: bench/results/lighthouse-planner-*.json and -summary.txt, report PDF beside them.
#
# Environment (all optional):
#   SKIP_BUILD=1            reuse the jar built by an earlier run
#   BASE_URL, ADMIN_TOKEN   measure a server that is already running instead of starting one
#   LIGHTHOUSE_VERSION      npm version spec (default: latest)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

OUT="$RESULTS_DIR/lighthouse-planner"
PLANNER=bench-planner
PASSWORD=bench-planner-pw-2026
DEMAND='山西示例需求 (synthetic demo)'
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
  ADMIN_TOKEN=bench-lighthouse-token-0123456789
  rm -rf "$OUT-data"
  mkdir -p "$OUT-data"
  # The machine is offline: base-map tiles come from the server itself (Leaflet's layers.png), so
  # that unreachable tile hosts do not fill the console with errors that are not the page's.
  YIZHAN_TILES_URL="http://127.0.0.1:$port/vendor/leaflet/images/layers.png?z={z}&x={x}&y={y}" \
    YIZHAN_ADMIN_TOKEN=$ADMIN_TOKEN start_server "$port" "$OUT-data" "$OUT-server.log" --demo
  wait_ready "$port" 300 "$SERVER_PID" "$SERVER_START_MS" >/dev/null
  for _ in $(seq 1 600); do
    grep -q 'started in' "$OUT-server.log" && break
    sleep 0.1
  done
  BASE_URL="http://127.0.0.1:$port"
fi
: "${ADMIN_TOKEN:?ADMIN_TOKEN is needed with BASE_URL}"
API="$BASE_URL/api/v1"

log "installing lighthouse and puppeteer-core into $TMP/npm"
mkdir -p "$TMP/npm"
(cd "$TMP/npm" && npm init -y >/dev/null &&
  npm install --no-audit --no-fund --loglevel=error "lighthouse@${LIGHTHOUSE_VERSION:-latest}" puppeteer-core >/dev/null)
LH="$TMP/npm/node_modules/.bin/lighthouse"

curl -s -o /dev/null -X POST -H "Authorization: Bearer $ADMIN_TOKEN" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$PLANNER\",\"role\":\"planner\",\"password\":\"$PASSWORD\"}" "$API/accounts"
login=$(curl -s -D "$TMP/headers" -X POST -H 'Content-Type: application/json' \
  -d "{\"username\":\"$PLANNER\",\"password\":\"$PASSWORD\"}" "$API/auth/login")
TOKEN=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["token"])' "$login")
COOKIE=$(grep -i '^set-cookie:' "$TMP/headers" | head -1 | sed 's/^[^:]*: *//; s/;.*//' | tr -d '\r')

# run_and_keep KIND SCENARIO [extra JSON fields]: a run on the demo demand, kept as a scenario.
run_and_keep() {
  local body="{\"kind\":\"$1\",\"name\":\"$2\",\"demand\":\"$DEMAND\"${3:-}}" loc state
  loc=$(curl -s -D - -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "$body" "$API/planning/runs" | awk 'tolower($1) == "location:" { print $2 }' | tr -d '\r')
  for _ in $(seq 1 300); do
    state=$(curl -s -H "Authorization: Bearer $TOKEN" "$BASE_URL$loc" | python3 -c 'import json,sys; print(json.load(sys.stdin)["state"])')
    [[ "$state" == queued || "$state" == running ]] || break
    sleep 1
  done
  log "run $2: $state"
  curl -s -o /dev/null -X POST -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
    -d "{\"run_id\":\"${loc##*/}\",\"name\":\"$2\"}" "$API/planning/scenarios"
  RUN_ID=${loc##*/}
}
STAMP=$(date +%H%M%S)
run_and_keep coverage "bench-today-$STAMP"
run_and_keep mclp "bench-plus-20-$STAMP" ',"candidates":{"grid_spacing_m":1000},"k":20,"time_limit_s":60'
STATION=$(curl -s "$API/stations?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["features"][0]["properties"]["id"])')

PAGES=(
  "planning"
  "planning/runs/$RUN_ID"
  "planning/scenarios"
  "planning/scenarios/bench-plus-20-$STAMP"
  "planning/compare?a=bench-today-$STAMP&b=bench-plus-20-$STAMP"
  "planning/use"
  "planning/use/$STATION"
  "planning/report/bench-plus-20-$STAMP"
)
: >"$OUT-summary.txt"
{
  echo "lighthouse:  $("$LH" --version)"
  echo "chromium:    $("$CHROME_PATH" --version 2>/dev/null)"
  echo "form factor: mobile (Lighthouse's default); categories accessibility, best-practices"
} | tee -a "$OUT-summary.txt" >&2
i=0
for page in "${PAGES[@]}"; do
  i=$((i + 1))
  "$LH" "$BASE_URL/admin/#/$page" --quiet --only-categories=accessibility,best-practices \
    --chrome-flags="--headless=new --no-sandbox" --extra-headers="{\"Cookie\":\"$COOKIE\"}" \
    --output=json --output-path="$OUT-$i.json"
  python3 - "$OUT-$i.json" "$page" <<'EOF' | tee -a "$OUT-summary.txt"
import json, sys
d = json.load(open(sys.argv[1]))
scores = {k: round(v["score"] * 100) for k, v in d["categories"].items()}
print(f'{sys.argv[2]:55s} accessibility {scores["accessibility"]:3d}  best-practices {scores["best-practices"]:3d}')
for a in d["audits"].values():
    if a.get("score") is not None and a["score"] < 1 and a.get("scoreDisplayMode") in ("binary", "numeric"):
        print("    not passed:", a["id"])
EOF
done

# The report to PDF with chromium's own printing: a profile logged in by puppeteer-core first.
cat >"$TMP/npm/login.mjs" <<'EOF'
import puppeteer from 'puppeteer-core';
const [base, user, password, profile] = process.argv.slice(2);
const browser = await puppeteer.launch({ executablePath: process.env.CHROME_PATH, userDataDir: profile, headless: true, args: ['--no-sandbox'] });
const page = await browser.newPage();
await page.goto(base + '/admin/', { waitUntil: 'networkidle0' });
await page.type('#login-username', user);
await page.type('#login-password', password);
await Promise.all([page.waitForSelector('#nav:not([hidden])'), page.click('#login-submit')]);
await browser.close();
EOF
node "$TMP/npm/login.mjs" "$BASE_URL" "$PLANNER" "$PASSWORD" "$TMP/profile"
"$CHROME_PATH" --headless --no-sandbox --disable-gpu --user-data-dir="$TMP/profile" \
  --run-all-compositor-stages-before-draw --virtual-time-budget=30000 --no-pdf-header-footer \
  --print-to-pdf="$OUT-report.pdf" "$BASE_URL/admin/#/planning/report/bench-plus-20-$STAMP" 2>/dev/null
{
  echo "report PDF: $(stat -c %s "$OUT-report.pdf") bytes"
  if command -v pdfinfo >/dev/null; then
    pdfinfo "$OUT-report.pdf" | grep -E '^(Pages|Page size):'
  fi
} | tee -a "$OUT-summary.txt"
