-- wrk script: the same GET each time (the URL given to wrk); prints one machine-readable line
-- "WRK_P95 requests=.. rps=.. p50_ms=.. p95_ms=.. p99_ms=.. max_ms=.. bytes_per_response=.. errors=.."
-- with the 95th percentile that wrk's --latency table leaves out.
local function ms(us)
  return string.format("%.2f", us / 1000)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "WRK_P95 requests=%d rps=%.0f p50_ms=%s p95_ms=%s p99_ms=%s max_ms=%s bytes_per_response=%.0f errors=%d\n",
    summary.requests, summary.requests / seconds, ms(latency:percentile(50)),
    ms(latency:percentile(95)), ms(latency:percentile(99)), ms(latency.max),
    summary.bytes / math.max(1, summary.requests),
    e.connect + e.read + e.write + e.timeout + e.status))
end
