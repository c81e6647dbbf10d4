-- wrk script: POSTs the body in $BODY_FILE to the path in $BENCH_PATH and prints the latency
-- percentiles and the request rate as `name: value` lines (microseconds, requests per second).
-- With $HIST_FILE set it also appends the run's latency distribution to that file, so that
-- several short runs can be pooled: `q MICROSECONDS WEIGHT` for the 1000 quantiles at
-- 0.05 %, 0.15 %, ..., 99.95 % (each stands for a thousandth of the run's requests; this wrk
-- gives no access to its histogram's buckets), then `r REQUESTS DURATION_US NON2XX`.
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
  local hist = os.getenv("HIST_FILE")
  if hist then
    local out = assert(io.open(hist, "a"))
    for k = 0, 999 do
      out:write(string.format("q %.1f %.4f\n", latency:percentile((k + 0.5) / 10),
                              summary.requests / 1000))
    end
    out:write(string.format("r %d %d %d\n", summary.requests, summary.duration,
                            summary.errors.status))
    out:close()
  end
end
