#!/usr/bin/env bash
# Red-team harness benchmark: is `frontseat redteam` ever the bottleneck? Runs the built-in suite
# with every strategy against a local stand-in that answers at once (so the time is the harness:
# attack generation, HTTP, judging, redaction, the journal), and against the guard in process.
# The baseline in the same run is wrk against the same stand-in at the same concurrency: the
# requests per second the stand-in can answer at all (with keep-alive, which the harness does not
# use: it opens a connection per request, as its HTTP client does for judges).
# Prints `name: value` lines.
#   bench/redteam/redteam_bench.sh BUILD_DIR [CONCURRENCY]
set -euo pipefail
build=${1:?usage: redteam_bench.sh BUILD_DIR [CONCURRENCY]}
conc=${2:-8}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
source "$here/../bench_lib.sh"

# A model that refuses at once: every attempt is judged, nothing is leaked.
echo '{"default": {"reply": "I am sorry, but I cannot help with that request."}}' > "$work/script.json"
"$build/frontseat-standin" --listen 127.0.0.1:0 --script "$work/script.json" > "$work/standin.out" 2>&1 &
pids+=($!)
port=$(wait_port "$work/standin.out")

# Warm the pattern cache so start-up compile time is not counted.
"$build/frontseat" redteam --target guard --strategies direct --out "$work/warm" --no-progress \
  > /dev/null 2>&1

start=$(date +%s.%N)
"$build/frontseat" redteam --target "http://127.0.0.1:$port/v1" --concurrency "$conc" \
  --out "$work/endpoint" --no-progress > /dev/null 2> "$work/endpoint.err"
end=$(date +%s.%N)
attempts=$(wc -l < "$work/endpoint/attempts.jsonl")
requests=$(curl -s "http://127.0.0.1:$port/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["total"])')
awk -v a="$attempts" -v r="$requests" -v s="$start" -v e="$end" 'BEGIN {
  printf "redteam_endpoint_attempts: %d\nredteam_endpoint_requests: %d\n", a, r
  printf "redteam_endpoint_seconds: %.2f\nredteam_endpoint_attempts_per_s: %.1f\n", e - s, a / (e - s)
  printf "redteam_endpoint_requests_per_s: %.1f\n", r / (e - s) }'

start=$(date +%s.%N)
"$build/frontseat" redteam --target guard --concurrency 2 --out "$work/guard" --no-progress \
  > /dev/null 2> "$work/guard.err"
end=$(date +%s.%N)
attempts=$(wc -l < "$work/guard/attempts.jsonl")
awk -v a="$attempts" -v s="$start" -v e="$end" 'BEGIN {
  printf "redteam_guard_attempts: %d\nredteam_guard_attempts_per_s: %.1f\n", a, a / (e - s) }'

# Baseline: the stand-in alone under wrk at the same concurrency (one short chat request).
printf '{"model":"standin","messages":[{"role":"user","content":"hello"}]}' > "$work/chat.json"
BODY_FILE=$work/chat.json BENCH_PATH=/v1/chat/completions BENCH_TAG=standin \
  wrk -t2 -c"$conc" -d3s -s "$here/../gateway/post.lua" "http://127.0.0.1:$port" \
  | grep -E "^standin_rps" | sed 's/^standin_rps/standin_alone_requests_per_s/'
