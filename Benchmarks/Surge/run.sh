#!/usr/bin/env bash
# The 9:00 surge on one node: seeds N pupils (collèges of ~600 with guardians, teachers, a week and a
# half of notebook and work to hand in), starts a node on 127.0.0.1, replays the morning with the
# load tool (cartable-surge run), checks the database, and stops everything it started.
#
#   Benchmarks/Surge/run.sh sqlite   [pupils=50000] [ramp seconds=600] [more options for `cartable-surge run`]
#   Benchmarks/Surge/run.sh postgres [pupils=50000] [ramp seconds=600] [...]
#
# The school day comes too: every collège gets a weekly timetable and each division one live course on
# BigBlueButton that starts at the peak (half the ramp; `--join-at S` to move it): its teacher starts it, its
# pupils press *Rejoindre* after their homework (at the start, or on arrival if later). A BigBlueButton
# stand-in (Tests/EndToEnd/bbb_standin.py, which checks every checksum) answers on 127.0.0.1; the report
# gives the join figures and how many calls reached it.
#
# Environment: BUILD=release (default) or debug; PORT (default 8093; the stand-in takes a free port); SERVER_ARGS
# (extra options for the node, e.g. "--admission-limit 32"); CARTABLE_BENCH_POSTGRES_URL to use an existing,
# empty PostgreSQL database instead of a private cluster; KEEP=1 keeps the working folder; NO_TIMETABLE=1
# seeds no timetable and starts no stand-in (the morning as it was before the school day).
set -euo pipefail
cd "$(dirname "$0")/../.."
ENGINE=${1:-sqlite}; PUPILS=${2:-50000}; RAMP=${3:-600}
shift $(( $# < 3 ? $# : 3 ))
BUILD=${BUILD:-release}; PORT=${PORT:-8093}
WORK=$(mktemp -d /tmp/cartable-surge.XXXXXX)
source Benchmarks/lib/postgres.sh
SERVER=""; STANDIN=""
cleanup() {
    if [[ -n "$SERVER" ]]; then kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; fi
    if [[ -n "$STANDIN" ]]; then kill "$STANDIN" 2>/dev/null; wait "$STANDIN" 2>/dev/null || true; fi
    stop_private_postgres
    if [[ -z "${KEEP:-}" ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT

swift build -c "$BUILD" --product cartable >/dev/null
swift build -c "$BUILD" --product cartable-surge >/dev/null
BIN_DIR=$(swift build -c "$BUILD" --show-bin-path)

# Tens of thousands of connections on one machine: open files and local ports.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
if ((PUPILS > 5000)) && [[ -w /proc/sys/net/ipv4/ip_local_port_range ]]; then echo "1024 65000" >/proc/sys/net/ipv4/ip_local_port_range || true; fi

DATABASE="sqlite:$WORK/surge.sqlite"
if [[ "$ENGINE" == postgres ]]; then private_postgres "$WORK" 54332 -c max_connections=200 -c shared_buffers=1GB; fi

SEED_ARGS=(); VIDEO_ARGS=(); RUN_VIDEO_ARGS=()
if [[ -n "${NO_TIMETABLE:-}" ]]; then
    SEED_ARGS=(--no-timetable)
else
    SECRET="surge-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
    python3 Tests/EndToEnd/bbb_standin.py --port 0 --secret "$SECRET" >"$WORK/standin.log" 2>&1 &
    STANDIN=$!
    for _ in $(seq 1 40); do grep -q "listening" "$WORK/standin.log" 2>/dev/null && break; sleep 0.25; done
    grep -q "listening" "$WORK/standin.log" || { echo "the BigBlueButton stand-in did not start:"; cat "$WORK/standin.log"; exit 1; }
    STANDIN_PORT=$(sed -n 's/.*listening on [0-9.]*:\([0-9]*\).*/\1/p' "$WORK/standin.log" | head -1)
    VIDEO_ARGS=(--bbb-url "http://127.0.0.1:$STANDIN_PORT/bigbluebutton/" --bbb-secret "$SECRET")
    RUN_VIDEO_ARGS=(--video-server "http://127.0.0.1:$STANDIN_PORT")
fi
"$BIN_DIR/cartable-surge" seed --database "$DATABASE" --blob-dir "$WORK/blobs" --pupils "$PUPILS" --plan "$WORK/plan.tsv" "${SEED_ARGS[@]}"

# Every simulated person comes from 127.0.0.1, which here stands for hundreds of collèges: lift the
# per-address bucket (the per-account one stays as in production).
# shellcheck disable=SC2086
"$BIN_DIR/cartable" serve --database "$DATABASE" --blob-dir "$WORK/blobs" --port "$PORT" --log-level warning \
    --rate-per-address 1000000 "${VIDEO_ARGS[@]}" ${SERVER_ARGS:-} >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null || { echo "the node did not start:"; cat "$WORK/server.log"; exit 1; }

echo "engine=$ENGINE build=$BUILD machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo)"
status=0
"$BIN_DIR/cartable-surge" run --url "http://127.0.0.1:$PORT" --plan "$WORK/plan.tsv" --ramp "$RAMP" \
    --server-pid "$SERVER" --database "$DATABASE" "${RUN_VIDEO_ARGS[@]}" "$@" || status=$?
if ((status != 0)); then echo "--- last lines of the node's log ---"; tail -n 20 "$WORK/server.log"; fi

if [[ -n "${TAMPER:-}" && $status -eq 0 ]]; then
    # The check must be able to fail: remove one acknowledged hand-in behind the node's back.
    victim=$(head -n1 "$WORK/plan.tsv.acknowledged" | cut -f1)
    if [[ "$ENGINE" == sqlite ]]; then
        python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('DELETE FROM submissions WHERE pupil_id = (SELECT id FROM users WHERE login = ?)', (sys.argv[2],)); c.commit()" "$WORK/surge.sqlite" "$victim"
    else
        "${CARTABLE_TEST_PSQL:-psql}" "$DATABASE" -q -c "DELETE FROM submissions WHERE pupil_id = (SELECT id FROM users WHERE login = '$victim')"
    fi
    if "$BIN_DIR/cartable-surge" verify --database "$DATABASE" --acknowledged "$WORK/plan.tsv.acknowledged"; then
        echo "the database check did not notice a deleted hand-in"; status=1
    else
        echo "the database check noticed the deleted hand-in, as it must"
    fi
fi
exit "$status"
