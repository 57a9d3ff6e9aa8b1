"""A real SMTP server on 127.0.0.1 for tests (Debian's python3-aiosmtpd): accepts mail,
optionally requires AUTH, optionally answers 451 to the first messages, and writes each
accepted message, parsed back with Python's email package, as one JSON file.

Run with /usr/bin/python3 (Debian's, where python3-aiosmtpd is installed):
  smtp_sink.py --port_file=F --out_dir=D [--user=U --password=P] [--fail_first=N]
"""
import argparse
import asyncio
import email
import email.policy
import json
import os

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Sink:
    def __init__(self, out_dir, fail_first):
        self.out_dir = out_dir
        self.fail_first = fail_first
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.fail_first > 0:
            self.fail_first -= 1
            return "451 4.3.0 Try again later"
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        plain = message.get_body(preferencelist=("plain",))
        html = message.get_body(preferencelist=("html",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "authenticated": bool(session.authenticated),
            "content_type": message.get_content_type(),
            "headers": {k.lower(): str(v) for k, v in message.items()},
            "parts": [part.get_content_type() for part in message.iter_parts()],
            "text": plain.get_content() if plain is not None else None,
            "html": html.get_content() if html is not None else None,
            "raw": envelope.original_content.decode("ascii", "replace"),
        }
        self.count += 1
        path = os.path.join(self.out_dir, "%04d.json" % self.count)
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.rename(path + ".tmp", path)
        return "250 2.0.0 OK"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port_file", required=True)
    parser.add_argument("--out_dir", required=True)
    parser.add_argument("--user", default="")
    parser.add_argument("--password", default="")
    parser.add_argument("--fail_first", type=int, default=0)
    args = parser.parse_args()

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user
              and auth_data.password.decode() == args.password)
        # handled=False: the server answers 535 itself (its default waits for us to).
        return AuthResult(success=ok, handled=False)

    sink = Sink(args.out_dir, args.fail_first)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)

    def factory():
        if args.user:
            # No TLS in the test: AUTH over the plain connection is allowed here only.
            return SMTP(sink, hostname="sink.test", authenticator=authenticate, auth_required=True,
                        auth_require_tls=False)
        return SMTP(sink, hostname="sink.test")

    server = loop.run_until_complete(loop.create_server(factory, "127.0.0.1", 0))
    port = server.sockets[0].getsockname()[1]
    with open(args.port_file + ".tmp", "w") as f:
        f.write(str(port))
    os.rename(args.port_file + ".tmp", args.port_file)
    loop.run_forever()


if __name__ == "__main__":
    main()
