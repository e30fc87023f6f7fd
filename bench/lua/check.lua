-- wrk script for bench/run.sh: POSTs one check per request, the tokens taken round-robin.
-- Environment (read once per wrk thread):
--   BENCH_TOKENS   path of the tokens Lua file (returns a table; tokens[i] has sub user_(i-1))
--   BENCH_MODE     gatehouse (check API / floor body) or cerbos (CheckResources with auxData.jwt)
--   BENCH_REPEAT   1: every request carries tokens[1] (cache hits); otherwise round-robin
--   BENCH_RATE     requests/s for the whole run (paced: a fixed schedule, as wrk2 does); 0 = as
--                  fast as the server answers (closed loop)
--   BENCH_THREADS  wrk's thread count (each thread takes its share of the rate and of the tokens)
-- Every request is formatted once, in init(), so that wrk spends its time sending, not in Lua.

local threads = 0
function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

local requests = {}
local count, next_index = 0, 1

function init(args)
  local tokens = dofile(os.getenv("BENCH_TOKENS"))
  local mode = os.getenv("BENCH_MODE") or "gatehouse"
  local n = #tokens
  if os.getenv("BENCH_REPEAT") == "1" then
    n = 1
  end
  local headers = { ["Content-Type"] = "application/json" }
  for i = 1, n do
    local body
    if mode == "cerbos" then
      body = '{"requestId":"bench","principal":{"id":"user_' .. (i - 1) .. '","roles":["user"]},'
        .. '"resources":[{"actions":["approve"],"resource":{"kind":"orders","id":"order-123",'
        .. '"attr":{"orderAmount":50000}}}],"auxData":{"jwt":{"token":"' .. tokens[i] .. '"}}}'
    else
      body = '{"token":"' .. tokens[i] .. '","resource":"orders","action":"approve",'
        .. '"context":{"orderId":"order-123","orderAmount":50000}}'
    end
    requests[i] = wrk.format("POST", wrk.path, headers, body)
  end
  count = n
  -- Threads start at different points of the list so that they do not send the same token at once.
  local nthreads = tonumber(os.getenv("BENCH_THREADS") or "2")
  next_index = (math.floor(count / nthreads) * (tid or 0)) % count + 1
  math.randomseed(os.time() + (tid or 0))
end

function request()
  local r = requests[next_index]
  next_index = next_index % count + 1
  return r
end

-- Pacing: each thread sends at rate/threads on a fixed schedule. delay() is called before every
-- request of every connection; it hands the connection the next free slot of the schedule. wrk
-- pauses in whole milliseconds, but slots are absolute times, so the rate does not drift.
local rate = tonumber(os.getenv("BENCH_RATE") or "0")
if rate > 0 then
  local ffi = require("ffi")
  ffi.cdef([[
    typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
    int clock_gettime(int clk, bench_timespec *tp);
  ]])
  local ts = ffi.new("bench_timespec")
  local function now_ms()
    ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
    return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
  end
  local interval = 1000 * tonumber(os.getenv("BENCH_THREADS") or "2") / rate
  local slot
  function delay()
    local now = now_ms()
    if slot == nil or slot < now - 100 then
      slot = now -- first request, or far behind (the server cannot keep up): no burst to catch up
    end
    slot = slot + interval
    local d = slot - now
    if d < 1 then
      return 0
    end
    return math.floor(d)
  end
end
