#!/usr/bin/env bash
# The roll at 9:00 on one node: seeds collèges whose divisions each have a live course starting two minutes
# later (cartable-surge seed), starts a node on 127.0.0.1 (SQLite), waits for the courses to start, then the
# teachers take the roll of their course through the real pages within the window (cartable-surge roll: the
# roll page, a few taps, "L'appel est fait"), then a wave of guardians reads Aujourd'hui and the absences;
# every acknowledged tap and roll is checked in the database. Everything it starts, it stops.
#
#   Benchmarks/roll/run.sh [teachers=1000] [pupils per division=30] [window seconds=300] [guardians=3000]
set -euo pipefail
cd "$(dirname "$0")/../.."
TEACHERS=${1:-1000}; PER_CLASS=${2:-30}; WINDOW=${3:-300}; GUARDIANS=${4:-3000}
PORT=${PORT:-8094}
WORK=$(mktemp -d /tmp/cartable-roll.XXXXXX)
SERVER=""
cleanup() {
    if [[ -n "$SERVER" ]]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; fi
    if [[ -z "${KEEP:-}" ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT
swift build -c release --product cartable >/dev/null
swift build -c release --product cartable-surge >/dev/null
BIN_DIR=$(swift build -c release --show-bin-path)
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
DATABASE="sqlite:$WORK/roll.sqlite"
# 24 divisions a collège: enough collèges for one live course (and its teacher) per roll.
PUPILS=$(( (TEACHERS + 23) / 24 * 24 * PER_CLASS ))
SEEDED=$(date +%s)
"$BIN_DIR/cartable-surge" seed --database "$DATABASE" --blob-dir "$WORK/blobs" --pupils "$PUPILS" --pupils-per-class "$PER_CLASS" \
    --guardian-share 0.3 --plan "$WORK/plan.tsv"
"$BIN_DIR/cartable" serve --database "$DATABASE" --blob-dir "$WORK/blobs" --port "$PORT" --log-level warning \
    --rate-per-address 1000000 ${SERVER_ARGS:-} >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "the node did not start:"; cat "$WORK/server.log"; exit 1; }
# The live courses start two minutes after the seed began (its clock): the roll opens at the start.
LEFT=$(( 130 - ($(date +%s) - SEEDED) ))
if (( LEFT > 0 )); then echo "waiting ${LEFT} s for the courses to start"; sleep "$LEFT"; fi
"$BIN_DIR/cartable-surge" roll --url "http://127.0.0.1:$PORT" --plan "$WORK/plan.tsv" --teachers "$TEACHERS" --within "$WINDOW" \
    --guardians "$GUARDIANS" --server-pid "$SERVER" --database "$DATABASE"
