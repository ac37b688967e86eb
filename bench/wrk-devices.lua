-- wrk script: one admin page of the device table, e.g.
--
--   WRK_TOKEN=... WRK_PATH='/api/v1/devices?sort=last_seen&limit=100' \
--     wrk -t1 -c4 -d10s --latency -s bench/wrk-devices.lua http://127.0.0.1:PORT
--
-- Pages through the table (offset 0, 100, ... up to WRK_PAGES pages) so every request is real work.
-- The summary ends with one machine-readable line starting with "WRK_RESULT".

local token = os.getenv("WRK_TOKEN") or ""
local path = os.getenv("WRK_PATH") or "/api/v1/devices?sort=last_seen&limit=100"
local pages = tonumber(os.getenv("WRK_PAGES") or "100")
local n = 0

function request()
  n = n + 1
  local offset = ((n - 1) % pages) * 100
  return wrk.format("GET", path .. "&offset=" .. offset, { ["Authorization"] = "Bearer " .. token })
end

local function ms(us)
  return string.format("%.2f", us / 1000)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d rps=%.0f p50_ms=%s p95_ms=%s p99_ms=%s max_ms=%s errors=%d non2xx=%d\n",
    summary.requests, summary.requests / seconds, ms(latency:percentile(50)),
    ms(latency:percentile(95)), ms(latency:percentile(99)), ms(latency.max),
    e.connect + e.read + e.write + e.timeout + e.status, e.status))
end
