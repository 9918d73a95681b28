#!/usr/bin/env python3
"""simwalk.py — the simulator's own answer, walked independently of thingtop's
C code (Python's urllib), so --dump can be compared with it item for item.

  simwalk.py kpn PATH [CONTEXT_UUID]   follow `next` links; prints item ids
  simwalk.py akenza PATH               Spring pages page=0.. until `last`
  simwalk.py partner PATH              the same, with a JWT from POST /auth
Credentials come from the environment (thingtop-sim --print-credentials);
SIM_URL is the simulator's base URL. FIELD (default id) picks what is printed."""
import json
import os
import sys
import time
import urllib.error
import urllib.request

base = os.environ["SIM_URL"]
field = os.environ.get("FIELD", "id")


def get(url, headers):
    for attempt in range(20):
        req = urllib.request.Request(url, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return json.load(r)
        except urllib.error.HTTPError as e:
            if e.code != 429 or attempt == 19:
                raise
            time.sleep(float(e.headers.get("Retry-After") or 1))


def post(url, body):
    req = urllib.request.Request(url, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.load(r)


def kpn(path, ctx=None):
    tok = post(base + "/api/v3/idp/oidc/token", {
        "grant_type": "client_credentials",
        "audience": "4dc82561-f65f-523g-dek9-6c79ec314f02",
        "client_id": os.environ["KPN_CLIENT_ID"],
        "client_secret": os.environ["KPN_CLIENT_SECRET"]})["access_token"]
    h = {"Authorization": "Bearer " + tok}
    if ctx:
        h["KPN-Things-Security-Context"] = "client:uuid:" + ctx
    url = base + path
    while url:
        page = get(url, h)
        for it in page["items"]:
            print(it.get(field))
        url = page.get("next")


def spring(path, headers):
    sep = "&" if "?" in path else "?"
    n = 0
    while True:
        page = get(f"{base}{path}{sep}page={n}", headers)
        for it in page["content"]:
            print(it.get(field))
        if page.get("last", True):
            break
        n += 1


def main():
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "kpn":
        kpn(path, sys.argv[3] if len(sys.argv) > 3 else None)
    elif kind == "akenza":
        spring(path, {"x-api-key": os.environ["AKENZA_API_KEY"]})
    elif kind == "partner":
        tok = post(base + "/auth", {"apiKey": os.environ["PARTNER_API_KEY"],
                                    "authParameter": os.environ["PARTNER_AUTH_PARAM"]})["token"]
        spring(path, {"Authorization": "Bearer " + tok})
    else:
        sys.exit("simwalk.py: kind is kpn, akenza or partner")


main()
