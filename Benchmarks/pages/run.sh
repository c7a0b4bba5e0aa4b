#!/usr/bin/env bash
# A signed-in pupil's Aujourd'hui page against two references of the same binary, in the same run, with
# wrk at 128 connections on 127.0.0.1: `/` for the same pupil (a redirect: the whole pages' stack —
# session, admission, CSRF, error layers — doing nothing else), and the bare /healthz (outside that
# stack since the router groups). Then the page revalidated (If-None-Match → 304); then the page at a
# constant half of its measured rate (cartable-surge rate: latency counted from when each request was
# due). Release build, demo school on SQLite. Everything it starts, it stops.
#
#   Benchmarks/pages/run.sh [seconds] [connections]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_=${1:-15}; CONNECTIONS=${2:-128}; PORT=${PORT:-8092}
WORK=$(mktemp -d /tmp/cartable-pages.XXXXXX)
cleanup() { [[ -n "${SERVER:-}" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product cartable >/dev/null
swift build -c release --product cartable-surge >/dev/null
BIN=$(swift build -c release --show-bin-path)/cartable
SURGE=$(swift build -c release --show-bin-path)/cartable-surge
source Benchmarks/lib/demo.sh
start_demo "$BIN" "$PORT" "$WORK"
COOKIE="cartable_session=$(demo_session "$PORT" eleve)"
ETAG=$(curl -s -D - -o /dev/null -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/today" | tr -d '\r' | sed -n 's/^[Ee][Tt]ag: //p')
run() { echo "== $1"; shift; wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_}s" --latency "$@" | tee "$WORK/last.txt"; }
run "/healthz" "http://127.0.0.1:$PORT/healthz"
HEALTHZ=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$WORK/last.txt")
run "/ (signed-in pupil, 303: the pages' stack doing nothing)" -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/"
STACK=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$WORK/last.txt")
run "/today (signed-in pupil, 200)" -H "Cookie: $COOKIE" "http://127.0.0.1:$PORT/today"
TODAY=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$WORK/last.txt")
run "/today revalidated (304)" -H "Cookie: $COOKIE" -H "If-None-Match: $ETAG" "http://127.0.0.1:$PORT/today"
REVALIDATED=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$WORK/last.txt")
python3 -c "import sys; h,s,t,r=map(float,sys.argv[1:]); print('== ratios to the pages stack (/): /today %.0f %%, 304 %.0f %%; to the bare /healthz: /today %.0f %%, 304 %.0f %%' % (100*t/s, 100*r/s, 100*t/h, 100*r/h))" "$HEALTHZ" "$STACK" "$TODAY" "$REVALIDATED"
HALF=$(python3 -c "import sys; print(int(float(sys.argv[1]) / 2))" "$TODAY")
echo "== /today at a constant $HALF requests/s (half its wrk rate), 64 connections, 2 tool threads"
"$SURGE" rate --url "http://127.0.0.1:$PORT/today" --session "${COOKIE#cartable_session=}" --rate "$HALF" --duration "$SECONDS_" --connections 64 --threads 2
echo "== server peak memory: $(grep VmHWM /proc/$SERVER/status | tr -s ' ')"
