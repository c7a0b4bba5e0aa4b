#!/usr/bin/env bash
# Overload: a storm of sign-ins (each one a bcrypt hash, the most expensive request a node serves)
# offered at 10× what the node can hash, while signed-in pupils keep reading Aujourd'hui. Measures the
# node's rated sign-in goodput, the normal latency at half of it, then the storm (goodput kept,
# latency of admitted sign-ins, how fast refusals are answered, whether readers are still served,
# memory), then the same half rate again to show that the node recovers by itself. Readers run at the
# same rate through every phase. Release build,
# demo school on SQLite, load tool `cartable-surge rate` (open loop, latency from due time).
#
#   Benchmarks/overload/run.sh [storm seconds=15]
set -euo pipefail
cd "$(dirname "$0")/../.."
STORM=${1:-15}; PORT=${PORT:-8094}
WORK=$(mktemp -d /tmp/cartable-overload.XXXXXX)
cleanup() { [[ -n "${SERVER:-}" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
swift build -c release --product cartable >/dev/null
swift build -c release --product cartable-surge >/dev/null
BIN=$(swift build -c release --show-bin-path)
URL="http://127.0.0.1:$PORT"
source Benchmarks/lib/demo.sh
start_demo "$BIN/cartable" "$PORT" "$WORK"
COOKIE=$(demo_session "$PORT" eleve)
SIGNIN='{"login":"prof","password":"cartable-demo","rememberDevice":false}'
rate() { "$BIN/cartable-surge" rate --server-pid "$SERVER" "$@"; }
# Every phase runs with the same normal background: signed-in pupils reading Aujourd'hui at 300/s.
# Only the sign-ins offered change from phase to phase, so the goodput kept in the storm is compared
# with what the node serves under the same reading load.
READERS_RATE=300
with_readers() {
    local seconds=$1; shift
    rate --url "$URL/today" --session "$COOKIE" --rate "$READERS_RATE" --connections 32 --duration "$seconds" >"$WORK/readers.txt" &
    local readers=$!
    "$@"
    wait "$readers"; echo "   readers meanwhile: $(cat "$WORK/readers.txt")"
}

echo "== 1. rated sign-in goodput: as fast as 2 connections go (one hash per core at a time), 10 s, readers at $READERS_RATE/s"
with_readers 10 rate --url "$URL/api/v1/sessions" --json "$SIGNIN" --rate 1000 --connections 2 --duration 10 | tee "$WORK/rated.txt"
RATED=$(sed -n 's/^POST.*served [0-9]* (\([0-9]*\)\/s).*/\1/p' "$WORK/rated.txt")
HALF=$(( RATED / 2 > 0 ? RATED / 2 : 1 )); STORM_RATE=$(( RATED * 10 ))
echo "rated: $RATED sign-ins/s; normal load $HALF/s; storm $STORM_RATE/s"

echo "== 2. normal: sign-ins at half the rated rate, 10 s, readers at $READERS_RATE/s"
with_readers 10 rate --url "$URL/api/v1/sessions" --json "$SIGNIN" --rate "$HALF" --connections 8 --duration 10

echo "== 3. storm: sign-ins at 10× the rated rate for ${STORM} s, readers at $READERS_RATE/s"
with_readers "$STORM" rate --url "$URL/api/v1/sessions" --json "$SIGNIN" --rate "$STORM_RATE" --connections 256 --duration "$STORM"

echo "== 4. recovery: half the rated rate again, 10 s, readers at $READERS_RATE/s"
with_readers 10 rate --url "$URL/api/v1/sessions" --json "$SIGNIN" --rate "$HALF" --connections 8 --duration 10
echo "== server peak memory: $(grep VmHWM /proc/$SERVER/status | tr -s ' ')"
