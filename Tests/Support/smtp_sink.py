#!/usr/bin/env python3
"""A real SMTP server on 127.0.0.1 for Cohort's tests and benchmark (aiosmtpd).

It records every message it accepts, one JSON line each, in --out. Faults on request:
  --fail-percent P   answer 451 to the first attempt of P% of messages (chosen by Message-ID)
  --reject ADDR      answer 550 to this recipient (repeatable)
  --drop-every N     drop the connection at every Nth MAIL command, before any data
  --user U --password P   require AUTH PLAIN/LOGIN with these credentials
Prints the port it listens on, then serves until SIGTERM.
"""
import argparse
import asyncio
import email
import email.policy
import hashlib
import json
import signal
import socket
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Handler:
    def __init__(self, args):
        self.args = args
        self.out = open(args.out, "a", encoding="utf-8")
        self.lock = threading.Lock()
        self.mails = 0
        self.attempts = {}

    async def handle_MAIL(self, server, session, envelope, address, mail_options):
        self.mails += 1
        if self.args.drop_every and self.mails % self.args.drop_every == 0:
            server.transport.abort()
            return "421 4.4.2 dropping the connection"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.args.reject:
            return "550 5.1.1 <%s>: mailbox unavailable" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.compat32)
        message_id = (message.get("Message-ID") or "").strip()
        attempt = self.attempts.get(message_id, 0) + 1
        self.attempts[message_id] = attempt
        if self.args.fail_percent and attempt == 1:
            bucket = int(hashlib.sha256(message_id.encode()).hexdigest(), 16) % 100
            if bucket < self.args.fail_percent:
                return "451 4.3.0 temporary failure, try again later"
        record = {
            "message_id": message_id,
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "size": len(envelope.content),
            "subject": message.get("Subject"),
            "auth": session.authenticated,
        }
        if self.args.keep_content:
            record["content"] = envelope.content.decode("utf-8", "replace")
        with self.lock:
            self.out.write(json.dumps(record) + "\n")
            self.out.flush()
        return "250 2.0.0 OK queued as %d" % self.mails


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--fail-percent", type=int, default=0)
    parser.add_argument("--reject", action="append", default=[])
    parser.add_argument("--drop-every", type=int, default=0)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--keep-content", action="store_true", help="record each message's text too")
    args = parser.parse_args()

    options = {}
    if args.user:
        def authenticate(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user \
                and auth_data.password.decode() == args.password
            return AuthResult(success=ok, handled=False)
        options = {"authenticator": authenticate, "auth_required": True, "auth_require_tls": False}

    port = free_port()
    controller = Controller(Handler(args), hostname="127.0.0.1", port=port, **options)
    controller.start()
    print(port, flush=True)
    done = threading.Event()
    # A test runner may start us with SIGTERM blocked (the mask is inherited); unblock it.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())
    done.wait()
    controller.stop()


if __name__ == "__main__":
    main()
