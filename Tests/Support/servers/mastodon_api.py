#!/usr/bin/env python3
"""A Mastodon REST API test server on 127.0.0.1 for Cohort's tests (Python standard library only).

No Mastodon server is packaged for Debian, so this one is written from Mastodon's documented API
(https://docs.joinmastodon.org/methods/statuses/, /methods/accounts/, /api/rate-limits/), the
part Cohort uses:
  GET  /api/v1/accounts/verify_credentials     the token's account (401 for an unknown token)
  GET  /api/v1/accounts/:id/statuses           newest first; limit (default 20, at most 40),
                                               max_id, exclude_replies, exclude_reblogs
  POST /api/v1/statuses                        JSON or form: status, visibility, language; an
                                               Idempotency-Key returns the first status again
  GET  /api/v1/statuses/:id                    the status (content is HTML)
  GET  /api/v1/statuses/:id/source             {"id","text","spoiler_text"}: the text as posted
Every answer carries X-RateLimit-Limit, -Remaining and -Reset (an ISO 8601 instant), and a Date.

What a test needs besides, under /_test/ (no token; loopback only):
  POST /_test/accounts                          a new account: {"id","username","token"}
  POST /_test/ratelimit  {"token","count","reset_in"}   the account's next COUNT posts get 429,
                                                with X-RateLimit-Reset RESET_IN seconds ahead
  POST /_test/forget     {"token"}              forget the account's idempotency keys, as Mastodon
                                                does after an hour or a restart
  GET  /_test/statuses?token=T                  every status of the account, with the key it came with

Usage: mastodon_api.py --info FILE   (writes {"url","port","pid"} to FILE once it listens; serves
until SIGTERM)
"""
import argparse
import datetime
import html
import itertools
import json
import os
import re
import secrets
import signal
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

VISIBILITIES = ("public", "unlisted", "private", "direct")
LIMIT = 500


def iso(instant):
    return instant.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def now():
    return datetime.datetime.now(datetime.timezone.utc)


class State:
    def __init__(self, base):
        self.base = base
        self.lock = threading.Lock()
        self.ids = itertools.count(109000000000000001)
        self.accounts = {}  # token -> account
        self.statuses = {}  # id -> status (with "_text", "_account", "_key")

    def new_account(self):
        with self.lock:
            number = len(self.accounts) + 1
            account = {
                "id": str(next(self.ids)),
                "username": f"cohort{number}",
                "acct": f"cohort{number}",
                "display_name": f"Cohort test {number}",
                "created_at": iso(now()),
                "url": f"{self.base}/@cohort{number}",
                "_keys": {},
                "_limited": 0,
                "_reset_in": 0,
                "_statuses": [],
            }
            token = secrets.token_hex(16)
            self.accounts[token] = account
            return token, account


def public_status(status):
    return {k: v for k, v in status.items() if not k.startswith("_")}


class Handler(BaseHTTPRequestHandler):
    server_version = "MastodonAPITestServer/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        sys.stderr.write("%s %s\n" % (self.address_string(), fmt % args))

    @property
    def state(self):
        return self.server.state

    def answer(self, code, body, account=None, reset_in=300):
        data = json.dumps(body).encode()
        self.send_response(code)  # sends Date
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-RateLimit-Limit", "300")
        self.send_header("X-RateLimit-Remaining", "0" if code == 429 else "299")
        self.send_header("X-RateLimit-Reset", iso(now() + datetime.timedelta(seconds=reset_in)))
        self.end_headers()
        self.wfile.write(data)

    def body(self):
        raw = self.raw
        kind = (self.headers.get("Content-Type") or "").split(";")[0].strip()
        if kind == "application/json":
            return json.loads(raw or b"{}")
        return {k: v[-1] for k, v in urllib.parse.parse_qs(raw.decode(), keep_blank_values=True).items()}

    def account(self):
        match = re.fullmatch(r"Bearer (\S+)", self.headers.get("Authorization") or "")
        return self.state.accounts.get(match.group(1)) if match else None

    def route(self, method):
        # Read the whole body first, whatever the answer: the connection is kept alive, and an
        # unread body would be taken for the next request.
        length = int(self.headers.get("Content-Length") or 0)
        self.raw = self.rfile.read(length) if length else b""
        url = urllib.parse.urlsplit(self.path)
        query = {k: v[-1] for k, v in urllib.parse.parse_qs(url.query).items()}
        path = url.path
        if path.startswith("/_test/"):
            return self.control(method, path, query)
        account = self.account()
        if account is None:
            return self.answer(401, {"error": "The access token is invalid"})
        with self.state.lock:
            if method == "GET" and path == "/api/v1/accounts/verify_credentials":
                body = {k: v for k, v in account.items() if not k.startswith("_")}
                body["source"] = {"privacy": "public", "sensitive": False, "language": "en", "note": ""}
                return self.answer(200, body, account)
            match = re.fullmatch(r"/api/v1/accounts/([^/]+)/statuses", path)
            if method == "GET" and match:
                owner = next((a for a in self.state.accounts.values() if a["id"] == match.group(1)), None)
                if owner is None:
                    return self.answer(404, {"error": "Record not found"}, account)
                limit = max(1, min(40, int(query.get("limit", "20"))))
                found = [self.state.statuses[i] for i in reversed(owner["_statuses"])]
                if "max_id" in query:
                    found = [s for s in found if int(s["id"]) < int(query["max_id"])]
                return self.answer(200, [public_status(s) for s in found[:limit]], account)
            if method == "POST" and path == "/api/v1/statuses":
                return self.post(account)
            match = re.fullmatch(r"/api/v1/statuses/([0-9]+)(/source)?", path)
            if method == "GET" and match:
                status = self.state.statuses.get(match.group(1))
                if status is None or (status["visibility"] == "direct" and status["_account"] is not account):
                    return self.answer(404, {"error": "Record not found"}, account)
                if match.group(2):
                    if status["_account"] is not account:
                        return self.answer(404, {"error": "Record not found"}, account)
                    return self.answer(200, {"id": status["id"], "text": status["_text"], "spoiler_text": ""}, account)
                return self.answer(200, public_status(status), account)
        return self.answer(404, {"error": "Record not found"}, account)

    def post(self, account):
        if account["_limited"] > 0:
            account["_limited"] -= 1
            return self.answer(429, {"error": "Too many requests"}, account, reset_in=account["_reset_in"])
        try:
            fields = self.body()
        except ValueError:
            return self.answer(400, {"error": "the body is not JSON"}, account)
        key = self.headers.get("Idempotency-Key")
        if key and key in account["_keys"]:
            return self.answer(200, public_status(self.state.statuses[account["_keys"][key]]), account)
        text = fields.get("status") or ""
        if not text.strip():
            return self.answer(422, {"error": "Validation failed: Text can't be blank"}, account)
        if len(text) > LIMIT:
            return self.answer(422, {"error": f"Validation failed: Text character limit of {LIMIT} exceeded"}, account)
        visibility = fields.get("visibility") or "public"
        if visibility not in VISIBILITIES:
            return self.answer(422, {"error": "Validation failed: Visibility is not included in the list"}, account)
        status_id = str(next(self.state.ids))
        paragraphs = "".join(
            "<p>" + html.escape(part).replace("\n", "<br />") + "</p>" for part in text.strip().split("\n\n")
        )
        status = {
            "id": status_id,
            "created_at": iso(now()),
            "in_reply_to_id": None,
            "sensitive": False,
            "spoiler_text": "",
            "visibility": visibility,
            "language": fields.get("language") or None,
            "uri": f"{self.state.base}/users/{account['username']}/statuses/{status_id}",
            "url": f"{self.state.base}/@{account['username']}/{status_id}",
            "content": paragraphs,
            "reblog": None,
            "account": {k: v for k, v in account.items() if not k.startswith("_")},
            "media_attachments": [],
            "mentions": [],
            "tags": [],
            "_text": text,
            "_account": account,
            "_key": key,
        }
        self.state.statuses[status_id] = status
        account["_statuses"].append(status_id)
        if key:
            account["_keys"][key] = status_id
        return self.answer(200, public_status(status), account)

    def control(self, method, path, query):
        if method == "POST" and path == "/_test/accounts":
            token, account = self.state.new_account()
            return self.answer(200, {"id": account["id"], "username": account["username"], "token": token})
        with self.state.lock:
            fields = self.body() if method == "POST" else query
            account = self.state.accounts.get(fields.get("token", ""))
            if account is None:
                return self.answer(404, {"error": "no such token"})
            if method == "POST" and path == "/_test/ratelimit":
                account["_limited"] = int(fields.get("count", 1))
                account["_reset_in"] = float(fields.get("reset_in", 2))
                return self.answer(200, {"limited": account["_limited"]})
            if method == "POST" and path == "/_test/forget":
                forgotten = len(account["_keys"])
                account["_keys"] = {}
                return self.answer(200, {"forgotten": forgotten})
            if method == "GET" and path == "/_test/statuses":
                found = [self.state.statuses[i] for i in account["_statuses"]]
                return self.answer(
                    200,
                    [
                        {"id": s["id"], "text": s["_text"], "key": s["_key"], "visibility": s["visibility"],
                         "language": s["language"], "url": s["url"]}
                        for s in found
                    ],
                )
        return self.answer(404, {"error": "no such test route"})

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--info", required=True, help="where to write {url, port, pid} once listening")
    args = parser.parse_args()
    # Let go of every descriptor inherited beyond stdin, stdout and stderr: a test process that
    # started this server while another thread had a pipe open must see that pipe close.
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    base = f"http://127.0.0.1:{port}"
    server.state = State(base)
    # Nothing to keep: SIGTERM ends it at once, whatever a connection is doing.
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    temporary = args.info + ".tmp"
    with open(temporary, "w", encoding="utf-8") as out:
        json.dump({"url": base, "port": port, "pid": os.getpid()}, out)
    os.replace(temporary, args.info)
    server.serve_forever()


if __name__ == "__main__":
    main()
