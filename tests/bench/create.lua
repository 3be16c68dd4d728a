-- wrk script: POST /api/stores with a store name no other request uses (run id, thread number, counter), and a
-- JSON summary line at the end for scripts/bench.  wrk -t2 -c16 -d10s -s create.lua URL -- RUNID [TOKENFILE]
-- TOKENFILE holds the API token (a path in argv, never the token itself).
local threads = {}
local headers = { ["Content-Type"] = "application/json" }

function setup(thread)
  thread:set("tid", #threads + 1)
  table.insert(threads, thread)
end

function init(args)
  run = args[1] or string.format("%x", os.time())
  counter = 0
  if args[2] then
    local f = assert(io.open(args[2], "r"))
    headers["Authorization"] = "Bearer " .. f:read("*l")
    f:close()
  end
end

function request()
  counter = counter + 1
  local body = string.format('{"storeName":"w%s-%d-%d","engine":"woocommerce"}', run, tid, counter)
  return wrk.format("POST", "/api/stores", headers, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_s":%.3f,"rate":%.1f,"non_2xx":%d,"errors":%d,' ..
    '"p50_ms":%.3f,"p90_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f,"mean_ms":%.3f}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), e.status,
    e.connect + e.read + e.write + e.timeout,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, latency.mean / 1000))
end
