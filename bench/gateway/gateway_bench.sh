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

# pooled TAG HIST_FILE: the `name: value` lines of one-second runs pooled from their quantiles.
pooled() {
  { grep '^q ' "$2" | sort -k2,2n; grep '^r ' "$2"; } | awk -v tag="$1" '
    $1 == "q" { value[++n] = $2; weight[n] = $3; total += $3 }
    $1 == "r" { requests += $2; duration += $3; non2xx += $4 }
    END {
      p50 = p99 = -1; seen = 0
      for (i = 1; i <= n; i++) {
        seen += weight[i]
        if (p50 < 0 && seen >= 0.50 * total) p50 = value[i]
        if (p99 < 0 && seen >= 0.99 * total) p99 = value[i]
      }
      printf "%s_p50_us: %.1f\n%s_p99_us: %.1f\n", tag, p50, tag, p99
      printf "%s_rps: %.0f\n%s_non2xx: %d\n", tag, requests / (duration / 1e6), tag, non2xx
    }'
}

# Latency: one connection, so queueing does not hide the per-request cost. The stand-in alone
# and the gateway take turns, one second each, and each side's latencies are pooled over its
# turns: a shared machine's speed drifts over seconds, and both sides then see the same drift.
# turn NAME PORT PID: one second of one-connection chat requests to PORT, its quantiles appended
# to $work/NAME.hist; prints the CPU ticks PID used meanwhile.
turn() {
  local before
  before=$(cpu_ticks "$3")
  BODY_FILE=$work/chat.json BENCH_PATH=/v1/chat/completions BENCH_TAG=$1 \
    HIST_FILE=$work/$1.hist wrk -t1 -c1 -d1s -s "$here/post.lua" "http://127.0.0.1:$2" > /dev/null
  echo $(( $(cpu_ticks "$3") - before ))
}
scpu=0; gcpu=0
for _ in $(seq 1 "$secs"); do
  scpu=$((scpu + $(turn standin_c1 "$sport" "$standin_pid")))
  gcpu=$((gcpu + $(turn gateway_c1 "$gport" "$gateway_pid")))
done
c1_standin=$(pooled standin_c1 "$work/standin_c1.hist")
c1_gateway=$(pooled gateway_c1 "$work/gateway_c1.hist")
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
    -v scpu="$scpu" -v gcpu="$gcpu" -v hz="$(getconf CLK_TCK)" \
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
