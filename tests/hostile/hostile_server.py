#!/usr/bin/env python3
"""hostile_server.py — a hostile KPN-style API for thingtop's tests.

A test fixture beside thingtop-sim: it speaks just enough of the KPN Things
API (a JSON token endpoint, cursor pages of "items" with a "next" link, item
details) to reach thingtop's code paths, and then misbehaves in the one way
the scenario (--scenario NAME) asks for:

  normal           three items on two pages; details answer (the control case)
  endless-cursors  every page has one item and a next link to a cursor never seen before
  huge-page        one page of --items N empty objects (default 20,000,000: ~60 MB)
  trickle          every GET but the token answers 200 and then sends 1 byte a second
  trickle-detail   the list answers as in normal; an item's detail trickles as in trickle
  hang-token       the token endpoint reads the request and never answers
  echo-token       the token endpoint answers 400 quoting the request body (secret included)
  retry-after      every GET answers 429 with Retry-After: 59
  upper-next       page 1's next link is the same origin in upper case (HTTP://127.0.0.1:PORT/...)
  bad-next         page 1's next link is no URL an origin can be read from (port 99999)
  long-fields      one page whose cells are 5,000 bytes long or start with = + - @

It listens on 127.0.0.1 only, on --port (0: a free port), prints
"listening on http://127.0.0.1:PORT" as its first line (like thingtop-sim),
appends "METHOD PATH" for every request to --log, and stops by itself after
--lifetime seconds (default 60) or when its parent goes away.
--print-config writes a thingtop configuration for it (profile "hostile",
provider kpn-things, an inline secret: keep the file chmod 600).
Python 3 standard library only.
"""
import argparse
import json
import os
import socketserver
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler

SECRET = "hostile-secret-7f3a9c1d5e"
CLIENT_ID = "hostile-client"
SCENARIOS = ("normal", "endless-cursors", "huge-page", "trickle", "trickle-detail", "hang-token", "echo-token",
             "retry-after", "upper-next", "bad-next", "long-fields")


def config_text(port):
    url = "http://127.0.0.1:%d" % port
    return ("# thingtop configuration for hostile_server.py on port %d (inline secret: chmod 600)\n"
            "profiles = (\n"
            "  { name = \"hostile\"; provider = \"kpn-things\"; client_id = \"%s\"; client_secret = \"%s\";\n"
            "    base_url = \"%s\"; auth_url = \"%s/token\"; }\n"
            ");\n" % (port, CLIENT_ID, SECRET, url, url))


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "hostile/1"

    def log_message(self, fmt, *args):  # quiet on stderr
        pass

    def note(self):
        if self.server.log:
            with self.server.log_lock:
                self.server.log.write("%s %s\n" % (self.command, self.path))
                self.server.log.flush()

    def send(self, status, body, ctype="application/json", headers=()):
        if isinstance(body, str):
            body = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        for k, v in headers:
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def url(self, path):
        return "http://127.0.0.1:%d%s" % (self.server.server_address[1], path)

    def alive(self):
        return time.monotonic() < self.server.deadline

    # ---- token ----
    def do_POST(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        self.note()
        sc = self.server.scenario
        if sc == "hang-token":
            while self.alive():
                time.sleep(0.2)
            self.close_connection = True
            return
        if sc == "echo-token":
            self.send(400, b"cannot parse the token request: " + body, "text/plain")
            return
        self.send(200, json.dumps({"access_token": "hostile-token-%d" % time.monotonic_ns(),
                                   "expires_in": 3600}))

    # ---- API ----
    def do_GET(self):
        self.note()
        sc = self.server.scenario
        path, _, query = self.path.partition("?")
        params = dict(p.partition("=")[::2] for p in query.split("&") if p)
        if sc == "trickle":
            return self.trickle()
        if sc == "retry-after":
            self.send(429, json.dumps({"title": "Too Many Requests", "status": 429}),
                      "application/problem+json", [("Retry-After", "59")])
            return
        if path.startswith("/devices/"):
            if sc == "trickle-detail":
                return self.trickle()
            if path.endswith("/network-adapters"):
                self.send(200, json.dumps({"items": []}))
            else:
                self.send(200, json.dumps({"id": path.split("/")[2], "name": "detail"}))
            return
        if path != "/devices":
            self.send(404, json.dumps({"title": "Not Found", "status": 404}), "application/problem+json")
            return
        cursor = int(params.get("cursor", "0") or 0)
        if sc == "endless-cursors":
            page = {"items": [{"id": "dev-%d" % cursor, "name": "endless %d" % cursor}],
                    "next": self.url("/devices?cursor=%d" % (cursor + 1))}
            self.send(200, json.dumps(page))
        elif sc == "huge-page":
            self.huge_page()
        elif sc == "upper-next":
            if cursor == 0:
                nxt = "HTTP://127.0.0.1:%d/devices?cursor=2" % self.server.server_address[1]
                self.send(200, json.dumps({"items": [{"id": "dev-1", "name": "first"}], "next": nxt}))
            else:
                self.send(200, json.dumps({"items": [{"id": "dev-2", "name": "second"}], "next": None}))
        elif sc == "bad-next":
            self.send(200, json.dumps({"items": [{"id": "dev-1", "name": "first"}],
                                       "next": "http://127.0.0.1:99999/devices?cursor=2"}))
        elif sc == "long-fields":
            items = [
                {"id": "dev-long", "name": "L" * 4999 + "$", "barcode": "B" * 3000 + "#"},
                {"id": "dev-eq", "name": "=HYPERLINK(\"http://evil.example/\",\"click\")", "barcode": "+1"},
                {"id": "dev-minus", "name": "-2+3", "barcode": "@SUM(A1:A9)"},
                {"id": "dev-plain", "name": "plain name", "barcode": "BC1"},
            ]
            self.send(200, json.dumps({"items": items, "next": None}))
        else:  # normal
            if cursor == 0:
                items = [{"id": "dev-1", "name": "one"}, {"id": "dev-2", "name": "two"}]
                self.send(200, json.dumps({"items": items, "next": self.url("/devices?cursor=1")}))
            else:
                self.send(200, json.dumps({"items": [{"id": "dev-3", "name": "three"}], "next": None}))

    def huge_page(self):
        n = self.server.items
        head, tail = b'{"items":[', b'],"next":null}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(head) + max(3 * n - 1, 0) + len(tail)))
        self.end_headers()
        self.wfile.write(head)
        block = b"{}," * 65536
        left = n
        try:
            while left > 0:
                k = min(left, 65536)
                chunk = block[:3 * k]
                if k == left:
                    chunk = chunk[:-1]  # no comma after the last
                self.wfile.write(chunk)
                left -= k
            self.wfile.write(tail)
        except OSError:
            pass

    def trickle(self):
        body = b'{"items":[],"next":null}' + b" " * 4000
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            for i in range(len(body)):
                if not self.alive():
                    break
                self.wfile.write(body[i:i + 1])
                self.wfile.flush()
                time.sleep(1)
        except OSError:
            pass
        self.close_connection = True


class Server(socketserver.ThreadingMixIn, socketserver.TCPServer):
    daemon_threads = True
    allow_reuse_address = True


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scenario", default="normal", choices=SCENARIOS)
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--lifetime", type=float, default=60, help="seconds before it stops by itself")
    ap.add_argument("--items", type=int, default=20_000_000, help="huge-page: objects on the page")
    ap.add_argument("--log", help="append METHOD PATH per request to this file")
    ap.add_argument("--print-config", action="store_true", help="print a thingtop config for --port and exit")
    a = ap.parse_args()
    if a.print_config:
        sys.stdout.write(config_text(a.port))
        return 0
    srv = Server(("127.0.0.1", a.port), Handler)
    srv.scenario = a.scenario
    srv.items = a.items
    srv.deadline = time.monotonic() + a.lifetime
    srv.log = open(a.log, "a") if a.log else None
    srv.log_lock = threading.Lock()
    parent = os.getppid()

    def watchdog():
        while time.monotonic() < srv.deadline and os.getppid() == parent:
            time.sleep(0.2)
        os._exit(0)

    threading.Thread(target=watchdog, daemon=True).start()
    print("listening on http://127.0.0.1:%d" % srv.server_address[1], flush=True)
    srv.serve_forever(poll_interval=0.2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
