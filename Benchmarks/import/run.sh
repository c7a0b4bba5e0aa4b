#!/usr/bin/env bash
# Importing a school's exports: writes a made-up lycée's SIECLE and STS-web files (cartable import sample), creates
# the school in a fresh database, then times `cartable import` (release build) under /usr/bin/time: the preview only
# (--dry-run), the first import, the same files again (nothing to change), and the next year's files (the Tle leave,
# leavers and newcomers, every teacher's STS-web id changed). Prints each step's wall time and peak memory (maximum
# resident set size of the whole process). On `postgres` it starts a private PostgreSQL cluster on 127.0.0.1:54333
# (or uses CARTABLE_BENCH_POSTGRES_URL, an empty database). Everything it starts, it stops.
#
#   Benchmarks/import/run.sh [sqlite|postgres] [pupils=2500] [kind=lycee] [leavers and newcomers next year=400]
set -euo pipefail
cd "$(dirname "$0")/../.."
ENGINE=${1:-sqlite}; PUPILS=${2:-2500}; KIND=${3:-lycee}; TURNOVER=${4:-400}
UAI=0759001K
WORK=$(mktemp -d /tmp/cartable-import-bench.XXXXXX)
source Benchmarks/lib/postgres.sh
cleanup() {
    stop_private_postgres
    if [[ -z "${KEEP:-}" ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi
}
trap cleanup EXIT
swift build -c release --product cartable >/dev/null
BIN="$(swift build -c release --show-bin-path)/cartable"

DATABASE="sqlite:$WORK/import.sqlite"
if [[ "$ENGINE" == postgres ]]; then
    private_postgres "$WORK" 54333
elif [[ "$ENGINE" != sqlite ]]; then
    echo "usage: $0 [sqlite|postgres] [pupils] [kind] [turnover]" >&2; exit 2
fi

"$BIN" import sample --uai "$UAI" --pupils "$PUPILS" --kind "$KIND" --year 2026 --next-year "$TURNOVER" --output "$WORK/exports" >/dev/null
echo "engine: $ENGINE · $PUPILS pupils ($KIND), next year $TURNOVER leavers and $TURNOVER newcomers"
echo "files:"; ls -l "$WORK/exports/2026" "$WORK/exports/2027" | awk 'NF > 5 { print "  " $5 " bytes  " $9 }'
"$BIN" migrate --database "$DATABASE" >/dev/null 2>&1
"$BIN" school create --database "$DATABASE" --uai "$UAI" --name "Lycée du banc d'essai" >/dev/null 2>&1
step() {
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" import --database "$DATABASE" --school "$UAI" "$@" >"$WORK/out" 2>&1 || {
        cat "$WORK/out"; exit 1; }
    read -r seconds kilobytes <"$WORK/time"
    printf '%-20s %6.2f s  peak %4d MB   %s\n' "$name" "$seconds" $(( kilobytes / 1024 )) \
        "$(grep -E 'to add|disabled|change class|Nothing' "$WORK/out" | head -3 | paste -sd ';' -)"
}
step "preview (dry run)" --dry-run "$WORK"/exports/2026/*
step "first import" "$WORK"/exports/2026/*
step "same files again" "$WORK"/exports/2026/*
step "next year" "$WORK"/exports/2027/*
