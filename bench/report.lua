-- wrk script: rotates through the paths given in the WRK_PATHS environment variable (comma
-- separated; one path is fine) and prints one machine-readable line at the end.

local paths = {}
for path in string.gmatch(os.getenv("WRK_PATHS") or "/", "([^,]+)") do
  table.insert(paths, path)
end
local index = 0

request = function()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f errors=%d non2xx3xx=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, summary.errors.status))
end
