-- wrk script: GET random full tiles of a log. FULL_TILES (environment) is how many full tiles the
-- log has at LEVEL (default 0; "entries" for entry bundles): tree size / 256 at level 0.
--   FULL_TILES=3906 wrk -t2 -c64 -d20s --latency -s bench/log-server/tiles.lua http://127.0.0.1:PORT
local count = tonumber(os.getenv("FULL_TILES") or error("set FULL_TILES"))
local level = os.getenv("LEVEL") or "0"

-- c2sp.org/tlog-tiles: the index in zero-padded 3-digit path elements, all but the last with "x".
local function encode(n)
    local path = string.format("%03d", n % 1000)
    n = math.floor(n / 1000)
    while n > 0 do
        path = string.format("x%03d/", n % 1000) .. path
        n = math.floor(n / 1000)
    end
    return path
end

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
    return wrk.format("GET", "/tile/" .. level .. "/" .. encode(math.random(0, count - 1)))
end
