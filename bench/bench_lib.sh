# Shared by the shell benchmarks (gateway_bench.sh, redteam_bench.sh): source it after setting
# `work` (a temporary directory) and `pids` (servers to stop on exit).

# wait_port FILE: the port from the "listening on 127.0.0.1:PORT" line a server prints to FILE.
wait_port() {
  for _ in $(seq 1 600); do
    if grep -q "listening on" "$1" 2>/dev/null; then grep -o '[0-9]*$' "$1" | head -1; return; fi
    sleep 0.1
  done
  echo "no 'listening on' line in $1" >&2; exit 1
}

cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
