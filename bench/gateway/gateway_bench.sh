#!/usr/bin/env bash
# Gateway benchmark: what does `frontseat serve` add in front of an upstream? Runs, in one go on
# this machine, wrk against the stand-in upstream alone and against the gateway in front of it
# (default policy, audit store on, 1 KB prompt, same reply), then /v1/guard alone.
# Prints `name: value` lines; the headline figures are differences and ratios against the
# stand-in measured in the same run.
#   bench/gateway/gateway_bench.sh BUILD_DIR [SECONDS]
# With AUDIT_POSTGRES_URL set (a libpq URI), the gateway's audit store is that PostgreSQL
# database (audit: {store: postgres}) instead of SQLite in a temporary directory.
set -euo pipefail
build=${1:?usage: gateway_bench.sh BUILD_DIR [SECONDS]}
secs=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pids=()
source "$here/../bench_lib.sh"

# A 1 KB prompt of ordinary prose (no findings): the common case the gateway must not slow.
prompt=$(python3 -c "
words='the quarterly report shows steady growth in our northern region while costs stayed flat and the team expects a similar result next year if hiring goes to plan'.split()
out=[]
i=0
while len(' '.join(out))<1000: out.append(words[i%len(words)]); i+=1
print(' '.join(out)[:1024])")
printf '{"model":"standin","messages":[{"role":"user","content":"%s"}]}' "$prompt" > "$work/chat.json"
printf '{"text":"%s"}' "$prompt" > "$work/guard.json"

echo '{"default": {"reply": "Thanks, that is a clear summary of the quarter."}}' > "$work/script.json"
"$build/frontseat-standin" --listen 127.0.0.1:0 --script "$work/script.json" > "$work/standin.out" 2>&1 &
pids+=($!)
standin_pid=$!
sport=$(wait_port "$work/standin.out")
config_args=()
if [ -n "${AUDIT_POSTGRES_URL:-}" ]; then
  printf 'audit:\n  store: postgres\n  postgres_url: "%s"\n' "$AUDIT_POSTGRES_URL" > "$work/gw.yaml"
  config_args=(--config "$work/gw.yaml")
fi
"$build/frontseat" serve --listen 127.0.0.1:0 --upstream "http://127.0.0.1:$sport" \
  --data-dir "$work/data" "${config_args[@]}" > "$work/gw.out" 2> "$work/gw.err" &
pids+=($!)
gateway_pid=$!
gport=$(wait_port "$work/gw.out")

run() {  # tag port path body connections threads
  BODY_FILE=$3 BENCH_PATH=$2 BENCH_TAG=$1 wrk -t"$6" -c"$5" -d"${secs}s" -s "$here/post.lua" \
    "http://127.0.0.1:$4" | grep -E "^$1_"
}
# Warm-up (connections, page cache, the pattern DB), not reported.
BODY_FILE=$work/chat.json BENCH_PATH=/v1/chat/completions BENCH_TAG=warm \
  wrk -t1 -c2 -d1s -s "$here/post.lua" "http://127.0.0.1:$gport" > /dev/null

# CPU time (user + system, in clock ticks) a process has used so far: CPU per request is
# steadier than latency on a shared VM, where wake-ups and the host's own load move the latter.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

# Latency: one connection, so queueing does not hide the per-request cost.
s0=$(cpu_ticks "$standin_pid")
c1_standin=$(run standin_c1 /v1/chat/completions "$work/chat.json" "$sport" 1 1)
s1=$(cpu_ticks "$standin_pid"); g1=$(cpu_ticks "$gateway_pid")
c1_gateway=$(run gateway_c1 /v1/chat/completions "$work/chat.json" "$gport" 1 1)
g2=$(cpu_ticks "$gateway_pid")
out=$( { echo "$c1_standin"; echo "$c1_gateway"
         run standin_c16 /v1/chat/completions "$work/chat.json" "$sport" 16 2
         run gateway_c16 /v1/chat/completions "$work/chat.json" "$gport" 16 2
         run guard_c16 /v1/guard "$work/guard.json" "$gport" 16 2; } )
echo "$out"
get() { echo "$out" | awk -v k="$1:" '$1==k {print $2}'; }
awk -v sp50="$(get standin_c1_p50_us)" -v gp50="$(get gateway_c1_p50_us)" \
    -v sp99="$(get standin_c1_p99_us)" -v gp99="$(get gateway_c1_p99_us)" \
    -v srps="$(get standin_c16_rps)" -v grps="$(get gateway_c16_rps)" -v guard="$(get guard_c16_rps)" \
    -v s1rps="$(get standin_c1_rps)" -v g1rps="$(get gateway_c1_rps)" -v secs="$secs" \
    -v scpu=$((s1 - s0)) -v gcpu=$((g2 - g1)) -v hz="$(getconf CLK_TCK)" \
    'BEGIN {
       printf "gateway_added_p50_ms: %.3f\n", (gp50 - sp50) / 1000
       printf "gateway_added_p99_ms: %.3f\n", (gp99 - sp99) / 1000
       printf "gateway_vs_standin_rps_ratio: %.3f\n", grps / srps
       printf "guard_rps_1kb: %.0f\n", guard
       # The stand-in process alone, and the gateway process alone (not its upstream), per
       # request of the one-connection runs.
       s = scpu / hz * 1e6 / (s1rps * secs); g = gcpu / hz * 1e6 / (g1rps * secs)
       printf "standin_c1_cpu_us_per_req: %.1f\n", s
       printf "gateway_c1_cpu_us_per_req: %.1f\n", g
       printf "gateway_vs_standin_cpu_ratio: %.2f\n", g / s
     }'
