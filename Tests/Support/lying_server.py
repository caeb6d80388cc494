#!/usr/bin/env python3
"""A MediaWiki action API and a WordPress REST API on 127.0.0.1 that answer like the real ones
until the write, then lie about it (the lie named by --lie). Tests use it to show that Cohort
reads back what a server claims before it records anything as published.

Prints the port on the first line of stdout, then serves until killed.

Lies:
  wiki-wrong-title   the edit says Success, for another page, with revision 424242
  wiki-no-revision   the edit says Success without a revision id
  wiki-ghost-revision the edit says Success with revision 424242, which does not exist
  blog-wrong-post    a create answers with another post's id, status and content
  blog-wrong-link    a create answers as sent, but links the post at http://evil.example/phish
"""

import argparse
import json
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

LIE = ""
PAGE_TEXT = "Intro of the portal.\n"


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, body, status=200):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def params(self):
        url = urlparse(self.path)
        query = {k: v[-1] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        body = b""
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            body = self.rfile.read(length)
        form = {}
        if body and "json" not in (self.headers.get("Content-Type") or ""):
            form = {k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}
        return url.path, query, form, body

    def do_GET(self):
        self.route("GET")

    def do_POST(self):
        self.route("POST")

    def route(self, method):
        path, query, form, body = self.params()
        if path.endswith("/api.php"):
            return self.wiki({**query, **form})
        if "/wp-json/wp/v2/" in path:
            return self.blog(method, path.split("/wp-json/wp/v2/", 1)[1], query, body)
        self.answer({"error": "not found"}, 404)

    # MediaWiki

    def wiki(self, p):
        action = p.get("action")
        if action == "query" and p.get("meta") == "tokens":
            kind = p.get("type", "csrf")
            return self.answer({"query": {"tokens": {f"{kind}token": "0123abcd+\\"}}})
        if action == "login":
            return self.answer({"login": {"result": "Success", "lgusername": p.get("lgname")}})
        if action == "query" and p.get("prop") == "revisions" and "revids" in p:
            revid = int(p["revids"])
            if revid == 100:
                return self.answer({"query": {"pages": [self.page(p.get("titles", "Cohort tests/portal"))]}})
            if LIE == "wiki-wrong-title" and revid == 424242:
                page = self.page("Some other page")
                page["revisions"][0]["revid"] = 424242
                return self.answer({"query": {"pages": [page]}})
            return self.answer({"query": {"badrevids": {str(revid): {"revid": revid, "missing": True}}}})
        if action == "query" and p.get("prop") == "revisions":
            return self.answer(
                {"curtimestamp": "2022-05-20T09:00:00Z", "query": {"pages": [self.page(p.get("titles", ""))]}}
            )
        if action == "parse" and "text" in p:
            heading = re.match(r"\s*(=+)\s*(.*?)\s*\1\s*$", p["text"])
            line = heading.group(2) if heading else ""
            return self.answer(
                {"parse": {"sections": [{"index": "1", "line": line, "byteoffset": 0, "level": "2"}]}}
            )
        if action == "parse":
            return self.answer({"parse": {"sections": []}})
        if action == "edit":
            title = p.get("title", "")
            result = {"result": "Success", "pageid": 7, "title": title, "contentmodel": "wikitext",
                      "oldrevid": 100, "newrevid": 424242, "newtimestamp": "2022-05-20T09:00:01Z"}
            if LIE == "wiki-wrong-title":
                result["title"] = "Some other page"
            elif LIE == "wiki-no-revision":
                del result["newrevid"]
                del result["newtimestamp"]
            return self.answer({"edit": result})
        self.answer({"error": {"code": "badvalue", "info": f"unknown action {action}"}})

    @staticmethod
    def page(title):
        return {
            "pageid": 7, "ns": 0, "title": title,
            "revisions": [{"revid": 100, "parentid": 99, "user": "Admin", "timestamp": "2022-05-01T00:00:00Z",
                           "slots": {"main": {"contentmodel": "wikitext", "content": PAGE_TEXT}}}],
        }

    # WordPress

    def blog(self, method, route, query, body):
        route = route.rstrip("/")
        if route == "users/me":
            return self.answer({"id": 1, "name": "editor"})
        if route in ("categories", "tags"):
            name = query.get("search", "")
            return self.answer([{"id": 3 if route == "categories" else 5, "name": name}])
        if route == "posts" and method == "GET":
            return self.answer([])
        if route == "posts" and method == "POST":
            sent = json.loads(body or b"{}")
            post = {
                "id": 41, "status": sent.get("status", "draft"), "slug": sent.get("slug", ""),
                "link": f"http://127.0.0.1:{self.server.server_address[1]}/?p=41",
                "modified_gmt": "2022-05-20T09:00:01",
                "title": {"raw": sent.get("title", "")}, "content": {"raw": sent.get("content", "")},
                "excerpt": {"raw": sent.get("excerpt", "")},
                "categories": sent.get("categories", []), "tags": sent.get("tags", []),
            }
            if LIE == "blog-wrong-post":
                post.update({"id": 7, "status": "publish", "content": {"raw": "<p>Another post.</p>"}})
            elif LIE == "blog-wrong-link":
                post["link"] = "http://evil.example/phish?p=41"
            return self.answer(post, 201)
        self.answer({"code": "rest_no_route", "message": "No route"}, 404)


def main():
    global LIE
    parser = argparse.ArgumentParser()
    parser.add_argument("--lie", required=True)
    LIE = parser.parse_args().lie
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
