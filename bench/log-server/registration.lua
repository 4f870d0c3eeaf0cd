-- wrk script for bench/log-server/registration-wrk: POST /entries with distinct pre-signed
-- statements, one per request, never the same statement twice in a run.
--
--   wrk -t T -c C -d D --latency -s registration.lua URL -- STATEMENTS T [RATE]
--
-- STATEMENTS is a file written by `presign sign`: the line
-- "receiptlog-presigned <count> <record bytes>", then <count> records of <record bytes> bytes.
-- wrk thread k of T (numbered in setup) sends records k*count/T up to (k+1)*count/T, in order,
-- so the threads' slices are disjoint; the connections of one thread share its slice through
-- one cursor. A thread whose slice runs out stops and reports it: the run is then void.
--
-- With RATE (requests per second over all threads), every thread paces its sends on a fixed
-- schedule of RATE/T per second: delay() hands each request the next slot of the schedule and
-- waits until it. A request whose slot has passed (all of the thread's connections were busy)
-- goes at once; such sends are counted as late, with the largest lateness, since wrk measures
-- latency from the actual send.
--
-- done() prints "registration-wrk ..." lines that the shell script reads.

local ffi = require("ffi")
ffi.cdef [[
  typedef struct { long tv_sec; long tv_nsec; } registration_timespec;
  int clock_gettime(int clock, registration_timespec *t);
]]
local timespec = ffi.new("registration_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, timespec) -- CLOCK_MONOTONIC
  return tonumber(timespec.tv_sec) * 1000 + tonumber(timespec.tv_nsec) / 1e6
end

-- Setup phase (its own Lua state): number the threads and keep them for done().
local threads = {}
function setup(thread)
  thread:set("index", #threads)
  table.insert(threads, thread)
end

-- Running phase (one Lua state per thread).
local file, record_bytes, first, last, cursor, prefix, interval, next_slot
created, answered, late, max_late_ms, exhausted, sent = 0, {}, 0, 0, 0, 0

function init(args)
  local path, thread_count, rate = args[1], tonumber(args[2]), tonumber(args[3])
  assert(path and thread_count, "usage: -- STATEMENTS THREADS [RATE]")
  file = assert(io.open(path, "rb"))
  local header = file:read("*l")
  local count, bytes = header:match("^receiptlog%-presigned (%d+) (%d+)$")
  assert(count, path .. " is not a presigned statement file")
  count, record_bytes = tonumber(count), tonumber(bytes)
  first = math.floor(index * count / thread_count)
  last = math.floor((index + 1) * count / thread_count) - 1
  cursor = first
  file:setvbuf("full", 1048576)
  file:seek("set", #header + 1 + first * record_bytes)
  -- Every record has the same length, so the request head is the same for all of them.
  local sample = wrk.format("POST", "/entries", { ["Content-Type"] = "application/cose" }, string.rep("x", record_bytes))
  prefix = sample:sub(1, #sample - record_bytes)
  if rate and rate > 0 then interval = 1000 * thread_count / rate end
end

function delay()
  if not interval then return 0 end
  local now = now_ms()
  next_slot = next_slot or now
  local slot = next_slot
  next_slot = next_slot + interval
  if slot <= now then
    local lateness = now - slot
    if lateness > 1 then late = late + 1 end
    if lateness > max_late_ms then max_late_ms = lateness end
    return 0
  end
  return math.floor(slot - now)
end

function request()
  if cursor > last then
    exhausted = 1
    wrk.thread:stop()
    return wrk.format("GET", "/statements-exhausted")
  end
  cursor = cursor + 1
  sent = sent + 1
  return prefix .. file:read(record_bytes)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
  else
    answered[status] = (answered[status] or 0) + 1
  end
end

function done(summary, latency, requests)
  local created_total, late_total, max_late, exhausted_total, sent_total, other = 0, 0, 0, 0, 0, {}
  for _, thread in ipairs(threads) do
    created_total = created_total + thread:get("created")
    late_total = late_total + thread:get("late")
    exhausted_total = exhausted_total + thread:get("exhausted")
    sent_total = sent_total + thread:get("sent")
    max_late = math.max(max_late, thread:get("max_late_ms"))
    for status, n in pairs(thread:get("answered")) do other[status] = (other[status] or 0) + n end
  end
  local errors = summary.errors
  io.write(string.format(
    "registration-wrk created %d requests %d sent %d duration_us %d p50_us %d p90_us %d p99_us %d max_us %d " ..
    "late %d max_late_ms %.1f exhausted %d connect_errors %d read_errors %d write_errors %d timeouts %d\n",
    created_total, summary.requests, sent_total, summary.duration, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, late_total, max_late, exhausted_total, errors.connect, errors.read,
    errors.write, errors.timeout))
  local parts = {}
  for status, n in pairs(other) do table.insert(parts, string.format("%d x %d", n, status)) end
  table.sort(parts)
  io.write("registration-wrk other-statuses " .. (#parts > 0 and table.concat(parts, ", ") or "none") .. "\n")
end
