"""An aiosmtpd server that requires STARTTLS, then a login, and accepts exactly one: the real aiosmtpd library (from
.venv), started by ./scripts/test for the SMTP client's login tests (aiosmtpd's command line cannot take an
authenticator). It writes every mail it accepts to a Maildir and runs until SIGTERM.

    python scripts/smtp_auth_server.py PORT MAILDIR CERT KEY USERNAME PASSWORD
"""

from __future__ import annotations

import signal
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Mailbox
from aiosmtpd.smtp import AuthResult, LoginPassword


def main() -> None:
    port, maildir, cert, key, username, password = sys.argv[1:7]
    expected = (username.encode("utf-8"), password.encode("utf-8"))

    def authenticator(server, session, envelope, mechanism, auth_data):
        # PLAIN and LOGIN both hand over a LoginPassword; anything else, or other credentials, fails (535).
        ok = isinstance(auth_data, LoginPassword) and (bytes(auth_data.login), bytes(auth_data.password)) == expected
        return AuthResult(success=ok, handled=False)

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    controller = Controller(
        Mailbox(maildir), hostname="127.0.0.1", port=int(port), tls_context=context, require_starttls=True,
        auth_required=True, auth_require_tls=True, authenticator=authenticator)
    controller.start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
