#!/usr/bin/python3
"""A real SMTP server for the mail tests (Debian's python3-aiosmtpd).

Listens on 127.0.0.1:0 and prints "port N" on stdout once it accepts connections. Each message
it accepts is written to DIR/NNNN.eml (the bytes as received after un-dot-stuffing) next to
DIR/NNNN.json (envelope, the authenticated user, whether TLS was on); every AUTH command seen
is counted in DIR/auth-attempts (one line per attempt: mechanism and whether TLS was on).

  smtp-sink.py DIR [--tls starttls|tls|none] [--cert PEM --key PEM]
               [--user U --password P] [--mechanisms PLAIN,LOGIN]
"""
import argparse
import asyncio
import json
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    def _write(self, name, data):
        path = os.path.join(self.directory, name)
        with open(path + ".part", "wb") as f:
            f.write(data)
        os.rename(path + ".part", path)

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        stem = "%04d" % self.count
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "user": session.auth_data.login.decode() if session.authenticated else None,
            "tls": session.ssl is not None or server.implicit_tls,
        }
        self._write(stem + ".json", json.dumps(meta).encode())
        self._write(stem + ".eml", envelope.original_content)
        return "250 OK: queued as " + stem


class Authenticator:
    def __init__(self, user, password):
        self.user = user.encode()
        self.password = password.encode()

    def __call__(self, server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login == self.user and \
            auth_data.password == self.password
        return AuthResult(success=ok, handled=False, auth_data=auth_data)


class SinkSmtp(SMTP):
    def __init__(self, handler, directory, implicit_tls, **kwargs):
        super().__init__(handler, **kwargs)
        self.directory = directory
        self.implicit_tls = implicit_tls

    def connection_made(self, transport):
        super().connection_made(transport)
        if self.implicit_tls:
            # TLS from the first byte (smtps): AUTH is safe at once.
            self._auth_require_tls = False

    async def smtp_AUTH(self, arg):
        tls = self._tls_protocol is not None or self.implicit_tls
        with open(os.path.join(self.directory, "auth-attempts"), "a") as f:
            f.write("%s tls=%s\n" % ((arg or "").split(" ")[0].upper(), tls))
        return await super().smtp_AUTH(arg)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("directory")
    ap.add_argument("--tls", choices=["starttls", "tls", "none"], default="none")
    ap.add_argument("--cert")
    ap.add_argument("--key")
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("--mechanisms", default="PLAIN,LOGIN")
    a = ap.parse_args()
    context = None
    if a.tls != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.cert, a.key)
    keep = {m.upper() for m in a.mechanisms.split(",")}
    exclude = [m for m in ("PLAIN", "LOGIN") if m not in keep]
    handler = Sink(a.directory)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory():
        return SinkSmtp(handler, a.directory, a.tls == "tls",
                        hostname="sink.test",
                        tls_context=context if a.tls == "starttls" else None,
                        require_starttls=a.tls == "starttls",
                        authenticator=Authenticator(a.user, a.password) if a.user else None,
                        auth_required=bool(a.user),
                        # plain mode advertises AUTH in clear: the client must not use it
                        auth_require_tls=a.tls != "none",
                        auth_exclude_mechanism=exclude,
                        loop=loop)

    server = loop.run_until_complete(loop.create_server(
        factory, "127.0.0.1", 0, ssl=context if a.tls == "tls" else None))
    port = server.sockets[0].getsockname()[1]
    sys.stdout.write("port %d\n" % port)
    sys.stdout.flush()
    try:
        loop.run_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
