# Sourced by the benchmark scripts: the PostgreSQL database of one run.
#
# private_postgres WORK PORT [server settings...]: sets DATABASE to CARTABLE_BENCH_POSTGRES_URL when given (an empty
# database), else starts a private cluster in WORK/pg on 127.0.0.1:PORT (trust authentication, the `cartable` role)
# with the settings given (`-c name=value`), and sets DATABASE to it. stop_private_postgres stops that cluster (the
# script's cleanup calls it; it does nothing if none was started).
PGDATA_DIR=""
PGBIN=""
private_postgres() {
    local work=$1 port=$2
    shift 2
    if [[ -n "${CARTABLE_BENCH_POSTGRES_URL:-}" ]]; then
        DATABASE="$CARTABLE_BENCH_POSTGRES_URL"
        return
    fi
    PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    PGDATA_DIR="$work/pg"
    mkdir -p "$PGDATA_DIR"
    chown postgres "$work" "$PGDATA_DIR"
    runuser -u postgres -- "$PGBIN/initdb" -D "$PGDATA_DIR" -A trust -U cartable >/dev/null
    runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -l "$work/pg.log" \
        -o "-p $port -k $work -c listen_addresses=127.0.0.1 $*" -w start >/dev/null
    runuser -u postgres -- "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U cartable cartable
    DATABASE="postgres://cartable@127.0.0.1:$port/cartable"
}

stop_private_postgres() {
    if [[ -n "$PGDATA_DIR" ]]; then runuser -u postgres -- "$PGBIN/pg_ctl" -D "$PGDATA_DIR" -m fast stop >/dev/null 2>&1 || true; fi
}
