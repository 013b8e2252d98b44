# Sourced by scripts that start a posvet binary they check (release.sh, container.sh).
# wait_healthy PORT PID LOG: waits up to 20 s for /healthz on PORT; fails, showing LOG, if
# the process PID stops first or the time runs out.
wait_healthy() {
  local port=$1 pid=$2 log=$3
  for _ in $(seq 1 400); do
    curl -fs "http://127.0.0.1:$port/healthz" > /dev/null 2>&1 && return 0
    kill -0 "$pid" 2>/dev/null || { echo "FAILED: the binary stopped"; cat "$log"; exit 1; }
    sleep 0.05
  done
  echo "FAILED: no answer on port $port within 20 s"; cat "$log"; exit 1
}
