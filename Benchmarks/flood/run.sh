#!/usr/bin/env bash
# Overload at the door (issue 17): a signed-in pupil's /today served by the node (release build, demo school on
# SQLite, flood limits lifted), beside two references serving the very same bytes in the same run: nginx (a static
# file) and a bare Hummingbird 2 route (cartable-trivial, Benchmarks/Trivial). Two parts:
#   1. the stack's speed: wrk -t2 -c128 on the trivial route, /healthz and /today (ratios to the trivial route);
#   2. the flood: wrk -t2 -cN --timeout 10s on nginx, the trivial route and /today, for N = 4,000 and 16,000
#      keep-alive connections: requests/s, p50/p90/p99/max, answers by status, and the requests with no answer
#      within 10 s (wrk's timeouts) or a reset/refused connection (its connect/read/write errors).
# The kernel's accept and SYN queues are raised to 65,535 for the run (KEEP_KERNEL_QUEUES=1: left as they are) and put
# back after. Everything it starts, it stops.
#
#   Benchmarks/flood/run.sh [seconds=15] [flood connections="4000 16000"]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_=${1:-15}; FLOODS=${2:-"4000 16000"}
PORT=${PORT:-8096}; TRIVIAL_PORT=$((PORT + 1)); NGINX_PORT=$((PORT + 2))
WORK=$(mktemp -d /tmp/cartable-flood.XXXXXX)
chmod 755 "$WORK"
SERVER=""; TRIVIAL=""; NGINX=""
# The kernel's queues of connections not yet accepted: raised for the run (as the README asks of an operator), as they
# were put back after it.
SOMAXCONN=$(cat /proc/sys/net/core/somaxconn); SYN_BACKLOG=$(cat /proc/sys/net/ipv4/tcp_max_syn_backlog)
cleanup() {
    for pid in $SERVER $TRIVIAL $NGINX; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
    echo "$SOMAXCONN" >/proc/sys/net/core/somaxconn 2>/dev/null || true
    echo "$SYN_BACKLOG" >/proc/sys/net/ipv4/tcp_max_syn_backlog 2>/dev/null || true
    if [[ -z "${KEEP:-}" ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [[ -x /usr/sbin/nginx ]] || need+=(nginx-light)
if ((${#need[@]})); then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null; fi
NGINX_BIN=$(command -v nginx || echo /usr/sbin/nginx)
swift build -c release --product cartable >/dev/null
swift build -c release --product cartable-trivial >/dev/null
BIN_DIR=$(swift build -c release --show-bin-path)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if [[ -z "${KEEP_KERNEL_QUEUES:-}" ]]; then
    echo 65535 >/proc/sys/net/core/somaxconn 2>/dev/null || true
    echo 65535 >/proc/sys/net/ipv4/tcp_max_syn_backlog 2>/dev/null || true
fi

source Benchmarks/lib/demo.sh
start_demo "$BIN_DIR/cartable" "$PORT" "$WORK"
COOKIE="cartable_session=$(demo_session "$PORT" eleve)"
mkdir -p "$WORK/www"
curl -fs -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/today" -o "$WORK/www/today.html"
chmod 644 "$WORK/www/today.html"
echo "page: $(wc -c <"$WORK/www/today.html") bytes; node $(nproc) cores, open files $(ulimit -n), somaxconn $(cat /proc/sys/net/core/somaxconn), tcp_max_syn_backlog $(cat /proc/sys/net/ipv4/tcp_max_syn_backlog)"

"$BIN_DIR/cartable-trivial" "$TRIVIAL_PORT" "$WORK/www/today.html" >"$WORK/trivial.log" 2>&1 &
TRIVIAL=$!
cat >"$WORK/nginx.conf" <<NGINX
worker_processes 2;
worker_rlimit_nofile 20000;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 19000; }
http {
    access_log off;
    keepalive_requests 1000000;
    keepalive_timeout 60s;
    server {
        listen 127.0.0.1:$NGINX_PORT backlog=65535;
        root $WORK/www;
        location / { default_type text/html; }
    }
}
NGINX
"$NGINX_BIN" -c "$WORK/nginx.conf" -p "$WORK" -g 'daemon off;' &
NGINX=$!
for port in "$TRIVIAL_PORT" "$NGINX_PORT"; do
    for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.5; done
done

# wrk's summary, reduced to one line: requests/s, latency percentiles, answers by status, errors.
run() {
    local name=$1 connections=$2; shift 2
    wrk -t2 -c"$connections" -d"${SECONDS_}s" --timeout 10s --latency -s Benchmarks/flood/status.lua "$@" >"$WORK/last.txt" 2>&1 || true
    python3 - "$name" "$connections" "$WORK/last.txt" <<'PY'
import re, sys
name, connections, path = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path).read()
def grab(pattern, default="-"):
    m = re.search(pattern, text, re.M)
    return m.group(1) if m else default
rate = grab(r"^Requests/sec:\s*([\d.]+)")
pct = {p: grab(r"^\s+%s%%\s+(\S+)" % p) for p in ("50", "90", "99")}
mx = grab(r"^\s+Latency\s+\S+\s+\S+\s+(\S+)")
errors = grab(r"^\s+Socket errors: (.*)$", "none")
statuses = ", ".join(re.findall(r"^status (\d+: \d+)$", text, re.M)) or "none"
print(f"{name:<28} c={connections:>6}  {float(rate) if rate != '-' else 0:>9,.0f} req/s  p50 {pct['50']:>8}  p90 {pct['90']:>8}  p99 {pct['99']:>8}  max {mx:>8}  answers [{statuses}]  socket errors: {errors}")
PY
}
echo "== the stack's speed, 128 connections"
run "trivial Hummingbird route" 128 "http://127.0.0.1:$TRIVIAL_PORT/bytes"
run "/healthz" 128 "http://127.0.0.1:$PORT/healthz"
run "/today (signed-in pupil)" 128 -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/today"
for connections in $FLOODS; do
    echo "== the flood, $connections connections"
    run "nginx, same bytes" "$connections" "http://127.0.0.1:$NGINX_PORT/today.html"
    run "trivial Hummingbird route" "$connections" "http://127.0.0.1:$TRIVIAL_PORT/bytes"
    run "/today (signed-in pupil)" "$connections" -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/today"
done
echo "node's peak memory: $(awk '/VmHWM/ {print $2 " kB"}' /proc/$SERVER/status)"
