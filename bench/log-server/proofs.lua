-- wrk script: GET the inclusion proof of a random entry against the latest checkpoint.
-- ENTRIES (environment) is the log's tree size.
--   ENTRIES=10000000 wrk -t1 -c16 -d20s --latency -s bench/log-server/proofs.lua http://127.0.0.1:PORT
local count = tonumber(os.getenv("ENTRIES") or error("set ENTRIES"))

-- Each thread gets its own random sequence; wrk counts non-2xx answers itself.
local threads = 0
function setup(thread)
    threads = threads + 1
    thread:set("seed", threads)
end

function init(args)
    math.randomseed(os.time() * 1000 + seed)
end

function request()
    return wrk.format("GET", "/entries/" .. math.random(0, count - 1) .. "/proof")
end
