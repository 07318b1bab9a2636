-- One wrk script for every HTTP figure of the bench (bench/wrkload.py sets the environment):
--   BENCH_METHOD       GET or POST
--   BENCH_TARGETS      a file of request paths, one a line, taken in turn (each thread from its own offset)
--   BENCH_BODIES       POST only: a file of JSON bodies, one a line, taken in turn
--   BENCH_TOKEN        the bearer token, when set
--   BENCH_IDEMPOTENCY  "1": every request carries an Idempotency-Key of its own (thread, run and counter)
--   BENCH_HEADERS      extra "Name: value" headers separated by "\n", sent on every request
-- At the end one line "BENCH-RESULT <json>" on stdout: requests, seconds, errors and the answers by status.

local method = os.getenv("BENCH_METHOD") or "GET"
local idempotency = os.getenv("BENCH_IDEMPOTENCY") == "1"
local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("number", #threads)
end

local function lines(path)
  local found = {}
  if path and path ~= "" then
    for line in io.lines(path) do
      if line ~= "" then found[#found + 1] = line end
    end
  end
  return found
end

local targets, bodies, counter, run
statuses = {}

function init(args)
  targets = lines(os.getenv("BENCH_TARGETS"))
  bodies = lines(os.getenv("BENCH_BODIES"))
  if #targets == 0 then targets = { "/" } end
  counter = (number or 1) * 7919
  run = string.format("%d-%d-%d", os.time(), number or 0, math.random(1, 1000000000))
  if method == "POST" then wrk.headers["Content-Type"] = "application/json" end
  local token = os.getenv("BENCH_TOKEN")
  if token and token ~= "" then wrk.headers["Authorization"] = "Bearer " .. token end
  for name, value in string.gmatch(os.getenv("BENCH_HEADERS") or "", "([^:\n]+):%s*([^\n]*)") do
    wrk.headers[name] = value
  end
end

function request()
  counter = counter + 1
  local path = targets[(counter % #targets) + 1]
  local body = nil
  if #bodies > 0 then body = bodies[(counter % #bodies) + 1] end
  local headers = nil
  if idempotency then  -- wrk.format takes these instead of wrk.headers, so they are copied in
    headers = {}
    for name, value in pairs(wrk.headers) do headers[name] = value end
    headers["Idempotency-Key"] = "bench-" .. run .. "-" .. counter
  end
  return wrk.format(method, path, headers, body)
end

function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local counts = {}
  for _, thread in ipairs(threads) do
    local seen = thread:get("statuses")
    for status, n in pairs(seen) do counts[status] = (counts[status] or 0) + n end
  end
  local parts = {}
  for status, n in pairs(counts) do parts[#parts + 1] = string.format('"%s": %d', status, n) end
  local e = summary.errors
  io.write(string.format(
    'BENCH-RESULT {"requests": %d, "seconds": %.6f, "p50_ms": %.3f, "p90_ms": %.3f, "p99_ms": %.3f, ' ..
    '"max_ms": %.3f, "errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"statuses": {%s}}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(99) / 1e3, latency.max / 1e3, e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(parts, ", ")))
end
