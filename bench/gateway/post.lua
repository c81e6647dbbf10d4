-- wrk script: POSTs the body in $BODY_FILE to the path in $BENCH_PATH and prints the latency
-- percentiles and the request rate as `name: value` lines (microseconds, requests per second).
local f = assert(io.open(os.getenv("BODY_FILE"), "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.path = os.getenv("BENCH_PATH")
wrk.headers["Content-Type"] = "application/json"
local tag = os.getenv("BENCH_TAG")

done = function(summary, latency, requests)
  local secs = summary.duration / 1e6
  io.write(string.format("%s_p50_us: %.1f\n", tag, latency:percentile(50)))
  io.write(string.format("%s_p99_us: %.1f\n", tag, latency:percentile(99)))
  io.write(string.format("%s_rps: %.0f\n", tag, summary.requests / secs))
  io.write(string.format("%s_non2xx: %d\n", tag, summary.errors.status))
end
