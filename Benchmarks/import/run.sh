#!/usr/bin/env bash
# Importing a school's exports: writes a made-up lycée's SIECLE and STS-web files (cartable import sample), creates
# the school in a fresh database, then times `cartable import` (release build) under /usr/bin/time: the preview only
# (--dry-run), the first import, the same files again (nothing to change), and the next year's files (the Tle leave,
# leavers and newcomers, every teacher's STS-web id changed). Prints each step's wall time and peak memory (maximum
# resident set size of the whole process). With DATABASE=postgres://… it runs on that PostgreSQL database instead
# (which must be empty). Everything it starts, it stops.
#
#   Benchmarks/import/run.sh [pupils=2500] [kind=lycee] [leavers and newcomers next year=400]
set -euo pipefail
cd "$(dirname "$0")/../.."
PUPILS=${1:-2500}; KIND=${2:-lycee}; TURNOVER=${3:-400}
UAI=0759001K
WORK=$(mktemp -d /tmp/cartable-import-bench.XXXXXX)
cleanup() { if [[ -z "${KEEP:-}" ]]; then rm -rf "$WORK"; else echo "kept $WORK"; fi; }
trap cleanup EXIT
swift build -c release --product cartable >/dev/null
BIN="$(swift build -c release --show-bin-path)/cartable"
DATABASE=${DATABASE:-"sqlite:$WORK/import.sqlite"}
"$BIN" import sample --uai "$UAI" --pupils "$PUPILS" --kind "$KIND" --year 2026 --next-year "$TURNOVER" --output "$WORK/exports" >/dev/null
echo "files:"; ls -l "$WORK/exports/2026" "$WORK/exports/2027" | awk 'NF > 5 { print "  " $5 " bytes  " $9 }'
"$BIN" migrate --database "$DATABASE" >/dev/null
"$BIN" school create --database "$DATABASE" --uai "$UAI" --name "Lycée du banc d'essai" >/dev/null
step() {
    local name=$1; shift
    /usr/bin/time -f "%e %M" -o "$WORK/time" "$BIN" import --database "$DATABASE" --school "$UAI" "$@" >"$WORK/out" 2>&1 || {
        cat "$WORK/out"; exit 1; }
    read -r seconds kilobytes <"$WORK/time"
    printf '%-28s %6.2f s  peak %5d MB   %s\n' "$name" "$seconds" $(( kilobytes / 1024 )) "$(grep -E 'to add|disabled|change class|Nothing' "$WORK/out" | head -3 | tr '\n' ';')"
}
step "preview (dry run)" --dry-run "$WORK"/exports/2026/*
step "first import" "$WORK"/exports/2026/*
step "same files again" "$WORK"/exports/2026/*
step "next year" "$WORK"/exports/2027/*
