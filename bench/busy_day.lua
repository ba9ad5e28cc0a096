-- wrk script for the busy-day benchmark (bench/busy_day.py): readers asking for the addresses of
-- the file BUSY_ADDRESSES (one a line, most asked for first), drawn from a Zipf distribution of
-- exponent BUSY_ZIPF_S by rank; counts where each answer came from (X-Front-Cache from nginx,
-- X-Cache from the portal's page cache: hit, checked by its rows, or rendered) and prints one
-- machine-readable line at the end.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("seed", counter)
  table.insert(threads, thread)
end

local addresses = {}
local cumulative = {}
front_hits, revalidated, page_hits, page_checked, rendered, failed = 0, 0, 0, 0, 0, 0

function init(args)
  for line in io.lines(os.getenv("BUSY_ADDRESSES")) do
    table.insert(addresses, line)
  end
  local exponent = tonumber(os.getenv("BUSY_ZIPF_S") or "1")
  local total = 0
  for rank = 1, #addresses do
    total = total + 1 / rank ^ exponent
    cumulative[rank] = total
  end
  for rank = 1, #addresses do
    cumulative[rank] = cumulative[rank] / total
  end
  math.randomseed(os.time() * 100 + seed)
end

function request()
  local draw = math.random()
  local low, high = 1, #cumulative
  while low < high do
    local middle = math.floor((low + high) / 2)
    if cumulative[middle] < draw then low = middle + 1 else high = middle end
  end
  return wrk.format("GET", addresses[low], {["Accept-Encoding"] = "gzip"})
end

function response(status, headers, body)
  if status >= 400 then
    failed = failed + 1
  end
  local front = headers["X-Front-Cache"]
  if front == "HIT" then
    front_hits = front_hits + 1
  elseif front == "REVALIDATED" then
    -- nginx asked the app with the page's ETag, and the app answered 304: from its page cache,
    -- or after rendering the page (when it held none)
    revalidated = revalidated + 1
  elseif headers["X-Cache"] == "hit" then
    page_hits = page_hits + 1
  elseif headers["X-Cache"] == "checked" then
    -- stored, and found current by the rows it shows (unodc_portal/page_rows.py)
    page_checked = page_checked + 1
  else
    rendered = rendered + 1
  end
end

function done(summary, latency, requests)
  local front, again, page, checked, fresh, bad = 0, 0, 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    front = front + thread:get("front_hits")
    again = again + thread:get("revalidated")
    page = page + thread:get("page_hits")
    checked = checked + thread:get("page_checked")
    fresh = fresh + thread:get("rendered")
    bad = bad + thread:get("failed")
  end
  local seconds = summary.duration / 1e6
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.2f p95_ms=%.2f p99_ms=%.2f errors=%d failed=%d "
      .. "front_hits=%d revalidated=%d page_hits=%d page_checked=%d rendered=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    errors, bad, front, again, page, checked, fresh))
end
