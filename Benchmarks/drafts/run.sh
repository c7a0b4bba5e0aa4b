#!/usr/bin/env bash
# Draft saves per second on one node, on SQLite or PostgreSQL: a release build of the demo school,
# N signed-in pupils each saving their draft over and over (PUT /api/v1/assignments/…/draft), driven
# by wrk on 127.0.0.1 for a fixed time. Everything it starts, it stops.
#
#   Benchmarks/drafts/run.sh sqlite   [seconds] [connections] [pupils]
#   Benchmarks/drafts/run.sh postgres [seconds] [connections] [pupils]
set -euo pipefail
cd "$(dirname "$0")/../.."
ENGINE=${1:-sqlite}; SECONDS_=${2:-20}; CONNECTIONS=${3:-32}; PUPILS=${4:-64}
PORT=${PORT:-8091}; THREADS=2
WORK=$(mktemp -d /tmp/cartable-drafts.XXXXXX)
cleanup() {
    [[ -n "${SERVER:-}" ]] && kill "$SERVER" 2>/dev/null && wait "$SERVER" 2>/dev/null || true
    if [[ -n "${PGDATA_DIR:-}" ]]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null 2>&1 || true; fi
    rm -rf "$WORK"
}
trap cleanup EXIT
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
swift build -c release --product cartable >/dev/null
BIN=$(swift build -c release --show-bin-path)/cartable

DATABASE="sqlite:$WORK/demo.sqlite"
if [[ "$ENGINE" == postgres ]]; then
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    PGDATA_DIR="$WORK/pg"; mkdir -p "$PGDATA_DIR"; chown postgres "$WORK" "$PGDATA_DIR"
    runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA_DIR" -A trust -U cartable >/dev/null
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -o "-p 54331 -k $WORK -c listen_addresses=127.0.0.1 -c max_connections=100" -w start >/dev/null
    runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p 54331 -U cartable cartable
    DATABASE="postgres://cartable@127.0.0.1:54331/cartable"
fi

# One address and a few accounts stand for a whole school here: lift the flood limits.
"$BIN" demo --database "$DATABASE" --blob-dir "$WORK/blobs" --port "$PORT" --log-level warning \
    --rate-per-address 1000000 --rate-per-account 1000000 >"$WORK/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 0.5; done
python3 Benchmarks/drafts/setup.py "http://127.0.0.1:$PORT" "$PUPILS" "$WORK/sessions.txt"
echo "engine=$ENGINE connections=$CONNECTIONS pupils=$(wc -l <"$WORK/sessions.txt") duration=${SECONDS_}s"
WRK_THREADS=$THREADS wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_}s" --latency -s Benchmarks/drafts/drafts.lua \
    "http://127.0.0.1:$PORT" -- "$WORK/sessions.txt"
if [[ "$ENGINE" == postgres ]]; then
    ROWS=$("$PGBIN/psql" -h 127.0.0.1 -p 54331 -U cartable -At -c "SELECT count(*) || ' rows, highest revision ' || max(revision) FROM submissions" cartable)
else
    ROWS=$(python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); print('%d rows, highest revision %d' % c.execute('SELECT count(*), max(revision) FROM submissions').fetchone())" "$WORK/demo.sqlite")
fi
echo "submissions after the run: $ROWS (one row per pupil: saves update, never add)"

if [[ "$ENGINE" == postgres ]]; then
    # The reference: pgbench's rate for a single-row UPSERT on the same server, same durability
    # (synchronous_commit on), same number of clients, 64 rows like the 64 pupils above.
    kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null || true; SERVER=
    "$PGBIN/psql" -h 127.0.0.1 -p 54331 -U cartable -q -c \
        "CREATE TABLE bench_drafts (id int PRIMARY KEY, revision bigint NOT NULL, text text NOT NULL)" cartable
    cat >"$WORK/upsert.sql" <<'SQL'
\set id random(1, 64)
INSERT INTO bench_drafts (id, revision, text) VALUES (:id, 1, 'Brouillon : je réponds à la question 1, puis à la question 2.')
ON CONFLICT (id) DO UPDATE SET revision = bench_drafts.revision + 1, text = excluded.text;
SQL
    echo "== pgbench, single-row UPSERT, $CONNECTIONS clients, ${SECONDS_}s"
    "$PGBIN/pgbench" -h 127.0.0.1 -p 54331 -U cartable -n -c "$CONNECTIONS" -j 2 -T "$SECONDS_" -f "$WORK/upsert.sql" cartable |
        grep -E "tps|latency average|number of transactions actually"
fi
