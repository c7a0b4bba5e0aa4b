# Sourced by the benchmark scripts that load the demo school.
#
# start_demo CARTABLE PORT WORK: starts `CARTABLE demo` on 127.0.0.1:PORT with its SQLite database and log in WORK,
# the flood limits lifted (one address and one account stand for a whole school here), sets SERVER to its pid and
# waits until it is ready. demo_session PORT LOGIN: prints the value of LOGIN's session cookie (the demo password,
# the device remembered).
start_demo() {
    local cartable=$1 port=$2 work=$3
    "$cartable" demo --database "sqlite:$work/demo.sqlite" --port "$port" --log-level warning \
        --rate-per-address 1000000 --rate-per-account 1000000 >"$work/server.log" 2>&1 &
    SERVER=$!
    for _ in $(seq 1 120); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.5; done
}

demo_session() {
    local port=$1 login=$2
    curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
        -d "{\"login\":\"$login\",\"password\":\"cartable-demo\",\"rememberDevice\":true}" "http://127.0.0.1:$port/api/v1/sessions" |
        tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: cartable_session=\([^;]*\).*/\1/p'
}
