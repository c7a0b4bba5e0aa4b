#!/usr/bin/env python3
"""Signs in N demo pupils and writes one line per pupil for drafts.lua: `<cookie> <draft path>`.

Usage: setup.py BASE_URL COUNT OUTPUT
Uses only the standard library (runs before any virtual environment exists).
"""
import http.cookiejar
import json
import re
import sys
import urllib.request

base, count, output = sys.argv[1].rstrip("/"), int(sys.argv[2]), sys.argv[3]
PASSWORD = "cartable-demo"


def session(login):
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    body = json.dumps({"login": login, "password": PASSWORD, "remember": True}).encode()
    request = urllib.request.Request(f"{base}/api/v1/sessions", data=body, headers={"Content-Type": "application/json"})
    opener.open(request).read()
    cookie = "; ".join(f"{c.name}={c.value}" for c in jar if c.name == "cartable_session")
    return opener, cookie


staff, _ = session("direction")
pupils = json.load(staff.open(f"{base}/api/v1/accounts?role=pupil&limit=500"))
logins = [account["login"] for account in pupils["users"]]
lines = []
for login in logins:
    if len(lines) >= count:
        break
    opener, cookie = session(login)
    today = opener.open(f"{base}/today").read().decode()
    work = re.findall(r'href="/work/([0-9a-f-]{36})"', today)
    if work:
        lines.append(f"{cookie} /api/v1/assignments/{work[0]}/draft")
with open(output, "w") as handle:
    handle.write("\n".join(lines) + "\n")
print(f"{len(lines)} pupils signed in, each with an assignment", file=sys.stderr)
