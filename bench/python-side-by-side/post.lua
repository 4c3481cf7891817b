-- wrk -s post.lua -- BODY_FILE : POST /cluster/search with that body
function init(args)
  local f = io.open(args[1]); wrk.body = f:read("*a"); f:close()
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end
function done(summary, latency, requests)
  io.write(string.format("non2xx=%d p50=%.2fms p99=%.2fms\n", summary.errors.status, latency:percentile(50)/1000, latency:percentile(99)/1000))
end
