#!/usr/bin/env python3
"""peer_walk_python.py - what a user would script instead of `thingtop --dump`:
walk every KPN Things device page with the standard library (urllib + json)
and print one minified item per line.

usage: peer_walk_python.py BASE_URL AUTH_URL LIMIT  (KPN_CLIENT_ID, KPN_CLIENT_SECRET in env)
"""
import json
import os
import sys
import urllib.request


def main():
    base, auth_url, limit = sys.argv[1], sys.argv[2], sys.argv[3]
    body = json.dumps({
        "grant_type": "client_credentials",
        "audience": "4dc82561-f65f-523g-dek9-6c79ec314f02",
        "client_id": os.environ["KPN_CLIENT_ID"],
        "client_secret": os.environ["KPN_CLIENT_SECRET"],
    }).encode()
    req = urllib.request.Request(auth_url, data=body,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        token = json.load(r)["access_token"]
    url = f"{base}/devices?limit={limit}"
    out = sys.stdout
    while url:
        req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(req) as r:
            page = json.load(r)
        for item in page["items"]:
            out.write(json.dumps(item, separators=(",", ":"), ensure_ascii=False))
            out.write("\n")
        url = page.get("next")


if __name__ == "__main__":
    main()
