-- wrk script: GET /api/v1/stations/nearby at random points.
--
--   WRK_POINTS=bench/results/points.tsv wrk -t2 -c64 -d30s --latency -s bench/wrk-nearby.lua http://127.0.0.1:PORT
--
-- With WRK_POINTS ("lat<TAB>lon" lines, written by org.yizhan.bench.WritePoints: the same points
-- as the JMH benchmark and the pgbench baseline) each request takes a random line of that file;
-- without it, a uniform random point over China's populated east (lat 22..41, lon 102..122).
-- WRK_LIMIT sets ?limit= (default 10). All request paths are built before the run starts, so the
-- per-request Lua work is one random number and a table lookup.
-- The summary ends with one machine-readable line starting with "WRK_RESULT".

local limit = tonumber(os.getenv("WRK_LIMIT") or "10")
local points_file = os.getenv("WRK_POINTS")
local seed = tonumber(os.getenv("WRK_SEED") or "20221231")

-- setup() runs in the main Lua state; thread:set() makes "thread_no" a global of the thread's own.
local threads_set_up = 0
function setup(thread)
  threads_set_up = threads_set_up + 1
  thread:set("thread_no", threads_set_up)
end

local paths = {}

local function path_for(lat, lon)
  return string.format("/api/v1/stations/nearby?lat=%.6f&lon=%.6f&limit=%d", lat, lon, limit)
end

function init(args)
  -- Each thread has its own Lua state: seed it apart from its siblings.
  math.randomseed(seed + 7919 * (_G.thread_no or 0))
  if points_file and points_file ~= "" then
    for line in io.lines(points_file) do
      local lat, lon = line:match("^%s*([-%d.]+)%s+([-%d.]+)")
      if lat then
        paths[#paths + 1] = path_for(tonumber(lat), tonumber(lon))
      end
    end
    if #paths == 0 then
      error("no points in " .. points_file)
    end
  else
    for i = 1, 4096 do
      paths[i] = path_for(22 + 19 * math.random(), 102 + 20 * math.random())
    end
  end
  for i = 1, #paths do
    paths[i] = wrk.format("GET", paths[i])
  end
end

function request()
  return paths[math.random(#paths)]
end

local function ms(us)
  return string.format("%.2f", us / 1000)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local failed = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format(
    "WRK_RESULT requests=%d seconds=%.2f rps=%.0f p50_ms=%s p90_ms=%s p99_ms=%s p999_ms=%s max_ms=%s " ..
    "mean_ms=%s bytes_per_response=%.0f errors=%d non2xx=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    ms(latency:percentile(50)), ms(latency:percentile(90)), ms(latency:percentile(99)),
    ms(latency:percentile(99.9)), ms(latency.max), ms(latency.mean),
    summary.bytes / math.max(1, summary.requests), failed, e.status))
end
