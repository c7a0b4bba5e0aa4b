#!/usr/bin/env bash
# Live streams on one node: seeds collèges (cartable-surge seed), starts a node on 127.0.0.1 (SQLite, release), then
# cartable-surge streams opens idle event streams (the seeded pupils' and guardians'), measures the node's memory per
# idle stream and its CPU while they idle, has a collège's staff publish an announcement to the whole school (how
# long until every open stream of that collège is told, and the node's database operations meanwhile), then sends
# messages at a fixed rate while the streams stay open (p50/p99 of a send). ENGINE=postgres runs the node on a
# private PostgreSQL cluster on 127.0.0.1:54334 instead (or on CARTABLE_BENCH_POSTGRES_URL, an empty database).
# Everything it starts, it stops.
#
#   [ENGINE=sqlite|postgres] Benchmarks/streams/run.sh [streams=10000] [messages per second=300] [message seconds=30] [idle seconds=60]
set -euo pipefail
cd "$(dirname "$0")/../.."
STREAMS=${1:-10000}; RATE=${2:-300}; SECONDS_OF_MESSAGES=${3:-30}; IDLE=${4:-60}
PORT=${PORT:-8095}
WORK=$(mktemp -d /tmp/cartable-streams.XXXXXX)
source Benchmarks/lib/postgres.sh
SERVER=""
cleanup() {
    if [[ -n "$SERVER" ]]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; fi
    stop_private_postgres
    if [[ -z "${KEEP:-}" ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT
swift build -c release --product cartable >/dev/null
swift build -c release --product cartable-surge >/dev/null
BIN_DIR=$(swift build -c release --show-bin-path)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
DATABASE="sqlite:$WORK/streams.sqlite"
if [[ "${ENGINE:-sqlite}" == postgres ]]; then private_postgres "$WORK" 54334 -c max_connections=200 -c shared_buffers=1GB; fi
# Pupils with a remembered device (95 %) and the guardians who come with them (30 %) open the streams.
PUPILS=$(( STREAMS * 100 / 124 + 600 ))
"$BIN_DIR/cartable-surge" seed --database "$DATABASE" --blob-dir "$WORK/blobs" --pupils "$PUPILS" --guardian-share 0.3 --plan "$WORK/plan.tsv" \
    --no-timetable
"$BIN_DIR/cartable" serve --database "$DATABASE" --blob-dir "$WORK/blobs" --port "$PORT" --log-level warning \
    --rate-per-address 1000000 --rate-per-account 1000 ${SERVER_ARGS:-} >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "the node did not start:"; cat "$WORK/server.log"; exit 1; }
"$BIN_DIR/cartable-surge" streams --url "http://127.0.0.1:$PORT" --plan "$WORK/plan.tsv" --streams "$STREAMS" --idle "$IDLE" \
    --messages-per-second "$RATE" --message-seconds "$SECONDS_OF_MESSAGES" --server-pid "$SERVER"
echo "server log (warnings and errors):"; grep -ciE "error|critical" "$WORK/server.log" || true
