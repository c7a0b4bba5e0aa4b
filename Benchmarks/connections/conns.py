"""Memory of a node per open connection: opens N keep-alive connections to a running node, sends one
request on each (or none), and prints how much the node's resident memory grew per connection.

    python3 Benchmarks/connections/conns.py PID PORT N [PATH|-] [COOKIE]

PID is the node's process id; PATH "-" opens the connections without sending anything.
"""
import socket
import sys
import time

pid, port, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
path = sys.argv[4] if len(sys.argv) > 4 else "/healthz"
cookie = sys.argv[5] if len(sys.argv) > 5 else ""


def rss_kb():
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmRSS"):
            return int(line.split()[1])


before = rss_kb()
sockets = []
for _ in range(n):
    s = socket.create_connection(("127.0.0.1", port))
    if path != "-":
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nCookie: {cookie}\r\n\r\n".encode())
    sockets.append(s)
if path != "-":
    for s in sockets:
        s.settimeout(10)
        s.recv(65536)
time.sleep(2)
after = rss_kb()
print(f"{n} connections ({'one ' + path if path != '-' else 'silent'}): +{after - before} KB, {(after - before) / n:.1f} KB each")
