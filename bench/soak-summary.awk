# The summary of bench/run-soak.sh, from its minutes.tsv (tab-separated, one row a minute, a header
# row). Variables: minutes (the soak's length), heap_floor (MiB/min) and fd_floor (per minute):
# slopes at or under these count as flat.
#
# Each figure: its mean over the first E minutes of the soak and over the last E (E = 5, or half
# the soak when shorter), their ratio, and its lowest and highest minute. Instant figures (sampled
# at a minute's end) take minutes 0..E and M-E..M; figures about a minute's window take 1..E and
# M-E+1..M. Then a verdict for the live heap, the file descriptors and a few more, from their
# least-squares slopes over the first and the last S minutes (S = 10, or half the soak), as
# verdict() below says.

NR == 1 {
  for (i = 1; i <= NF; i++) col[$i] = i
  next
}
$2 != "soak" { next }
{
  rows++
  minute[rows] = $1 + 0
  for (i = 1; i <= NF; i++) val[rows, i] = $i
}

function numeric(v) { return v != "" && v != "-" && tolower(v) != "nan" }

function is_instant(name) {
  return name ~ /^(fds|threads|rss_mib|heap_used_mib|live_heap_mib|pg_procs|pg_backends|pg_pss_mib|pg_rss_mib|data_mib|sse_open|online|losses)$/
}

# Mean of a column over minutes lo..hi; "-" when there is no value.
function mean(c, lo, hi,    r, s, n) {
  for (r = 1; r <= rows; r++) {
    if (minute[r] >= lo && minute[r] <= hi && numeric(val[r, c])) { s += val[r, c]; n++ }
  }
  return n ? s / n : "-"
}

# Least-squares slope (per minute) of a column over minutes lo..hi; "-" with fewer than 2 points.
# Sets se to the slope's standard error (0 with 2 points, where it cannot be told).
function slope(c, lo, hi,    r, n, sx, sy, sxx, sxy, x, y, d, b, a, rss) {
  se = 0
  for (r = 1; r <= rows; r++) {
    if (minute[r] >= lo && minute[r] <= hi && numeric(val[r, c])) {
      n++; x[n] = minute[r]; y[n] = val[r, c] + 0
      sx += x[n]; sy += y[n]; sxx += x[n] * x[n]; sxy += x[n] * y[n]
    }
  }
  d = n * sxx - sx * sx
  if (n < 2 || d == 0) return "-"
  b = (n * sxy - sx * sy) / d
  a = (sy - b * sx) / n
  for (r = 1; r <= n; r++) rss += (y[r] - a - b * x[r]) ^ 2
  if (n > 2) se = sqrt(rss / (n - 2) / (sxx - sx * sx / n))
  return b
}

function fmt(v) {
  if (v == "-") return "-"
  return (v >= 100 || v <= -100) ? sprintf("%.0f", v) : sprintf("%.2f", v)
}

function row(name, note,    c, lo1, hi1, lo2, hi2, a, b, r, mn, mx, ratio) {
  if (!(name in col)) return
  c = col[name]
  if (is_instant(name)) { lo1 = 0; hi1 = E; lo2 = minutes - E; hi2 = minutes }
  else { lo1 = 1; hi1 = E; lo2 = minutes - E + 1; hi2 = minutes }
  a = mean(c, lo1, hi1); b = mean(c, lo2, hi2)
  mn = ""; mx = ""
  for (r = 1; r <= rows; r++) {
    if (minute[r] >= lo1 && numeric(val[r, c])) {
      if (mn == "" || val[r, c] + 0 < mn) mn = val[r, c] + 0
      if (mx == "" || val[r, c] + 0 > mx) mx = val[r, c] + 0
    }
  }
  ratio = (a != "-" && b != "-" && a != 0) ? sprintf("%.2f", b / a) : "-"
  printf "%-22s %12s %12s %8s %12s %12s   %s\n", name, fmt(a), fmt(b), ratio, (mn == "" ? "-" : fmt(mn)), (mx == "" ? "-" : fmt(mx)), note
}

# LEVELLED: the last S minutes' slope is at or under the floor, or within two standard errors of
# zero (the figure wanders, but does not climb). SLOWING: above both, but a quarter or less of
# the first S minutes' slope (levelling off; a longer run would tell). GROWING: neither.
function verdict(name, floor, unit,    c, s1, s2, e2, sa, ea, v) {
  if (!(name in col)) return "-"
  c = col[name]
  s1 = slope(c, 0, S)
  s2 = slope(c, minutes - S, minutes); e2 = se
  sa = slope(c, 0, minutes); ea = se
  if (s2 == "-") v = "UNKNOWN"
  else if (s2 <= floor || s2 <= 2 * e2) v = "LEVELLED"
  else if (s1 != "-" && s1 > floor && s2 <= s1 / 4) v = "SLOWING"
  else v = "GROWING"
  printf "VERDICT %-20s %-9s %s/min: first %d min %s, last %d min %s (2 SE %.3f), whole soak %s (2 SE %.3f); flat at or under %s\n", \
    name, v, unit, S, (s1 == "-" ? "-" : sprintf("%+.3f", s1)), S, (s2 == "-" ? "-" : sprintf("%+.3f", s2)), 2 * e2, \
    (sa == "-" ? "-" : sprintf("%+.3f", sa)), 2 * ea, floor
  return v
}

END {
  E = int(minutes / 2); if (E > 5) E = 5; if (E < 1) E = 1
  S = int(minutes / 2); if (S > 10) S = 10; if (S < 1) S = 1
  printf "\nFirst %d vs last %d minutes of the %d-minute soak (means of the minute rows; min/max over the soak)\n", E, E, minutes
  printf "%-22s %12s %12s %8s %12s %12s   %s\n", "figure", "first", "last", "ratio", "min", "max", ""
  print "-- server JVM"
  row("fds", "open file descriptors")
  row("threads", "")
  row("rss_mib", "resident memory")
  row("heap_used_mib", "jstat, whatever the GC has not collected yet")
  row("young_after_min_mib", "lowest heap after a young GC in the minute")
  row("live_heap_mib", "after a full GC (jcmd GC.class_histogram)")
  row("gc_pauses", "pauses a minute (not counting ours)")
  row("gc_pause_max_ms", "longest pause of the minute (not counting ours)")
  row("full_gcs", "full GCs not asked for")
  row("server_cores", "")
  print "-- embedded PostgreSQL"
  row("pg_procs", "postmaster and children")
  row("pg_backends", "client connections")
  row("pg_pss_mib", "proportional set size, all processes")
  row("pg_rss_mib", "RSS sum (counts shared buffers in each)")
  row("pg_cores", "")
  row("data_mib", "data dir (grows with the stored readings)")
  print "-- machine"
  row("machine_cores", "busy cores of 2")
  print "-- ingest (simulator, per minute)"
  row("online", "devices connected")
  row("acked_per_s", "")
  row("puback_p50_ms", "")
  row("puback_p99_ms", "")
  row("losses", "connection losses so far")
  print "-- users (SoakLoad, per minute)"
  row("nearby_n", "nearby answers a minute")
  row("nearby_errors", "non-2xx, failed or timed out")
  row("nearby_p50_ms", "")
  row("nearby_p99_ms", "")
  row("devices_p50_ms", "GET /api/v1/devices?limit=100")
  row("devices_p99_ms", "")
  row("rejections_p50_ms", "GET /api/v1/rejections")
  row("rejections_p99_ms", "")
  row("fleet_p50_ms", "GET /api/v1/fleet/summary")
  row("fleet_p99_ms", "")
  row("admin_errors", "non-2xx, failed or timed out")
  row("shed", "not sent: 200 of a kind already waiting")
  row("sse_open", "streams open at the minute's end")
  row("sse_events", "events received a minute, all streams")
  row("sse_mib", "")
  row("sse_drops", "streams dropped or refused")
  print ""
  h = verdict("live_heap_mib", heap_floor, "MiB")
  f = verdict("fds", fd_floor, "fds")
  verdict("threads", fd_floor, "threads")
  verdict("young_after_min_mib", heap_floor, "MiB")
  verdict("pg_backends", fd_floor, "backends")
  verdict("pg_pss_mib", heap_floor, "MiB")
  if (h == "LEVELLED" && f == "LEVELLED") overall = "PASS: the live heap and the file descriptors levelled off"
  else if (h == "GROWING" || f == "GROWING") overall = "FAIL: still growing at the end (live heap " h ", fds " f ")"
  else overall = "INCONCLUSIVE (live heap " h ", fds " f "): run longer"
  print "SOAK_VERDICT " overall
}
