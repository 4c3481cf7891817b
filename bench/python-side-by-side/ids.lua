-- wrk -s ids.lua -- IDS_FILE SUFFIX : GET /cluster/<random id><SUFFIX>
local ids = {}
local suffix = ""
function init(args)
  for line in io.lines(args[1]) do ids[#ids + 1] = line end
  suffix = args[2] or ""
  math.randomseed(os.time() + math.floor(os.clock() * 1e6))
end
function request()
  return wrk.format("GET", "/cluster/" .. ids[math.random(#ids)] .. suffix)
end
local codes = {}
function response(status, headers, body)
  if status ~= 200 then codes[status] = (codes[status] or 0) + 1 end
end
function done(summary, latency, requests)
  io.write(string.format("non2xx=%d p50=%.2fms p99=%.2fms\n", summary.errors.status, latency:percentile(50)/1000, latency:percentile(99)/1000))
end
