#!/usr/bin/env python3
"""peer_keep_python.py - the memory peer: walk every device page with urllib and
keep the parsed items in a list, as a script feeding a table would. Prints the item
count; with --bytes also the raw page bytes received.

usage: peer_keep_python.py BASE_URL AUTH_URL LIMIT [--bytes]
"""
import json
import os
import sys
import urllib.request


def main():
    base, auth_url, limit = sys.argv[1], sys.argv[2], sys.argv[3]
    body = json.dumps({"grant_type": "client_credentials",
                       "audience": "4dc82561-f65f-523g-dek9-6c79ec314f02",
                       "client_id": os.environ["KPN_CLIENT_ID"],
                       "client_secret": os.environ["KPN_CLIENT_SECRET"]}).encode()
    req = urllib.request.Request(auth_url, data=body, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        token = json.load(r)["access_token"]
    items, raw = [], 0
    url = f"{base}/devices?limit={limit}"
    while url:
        req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
        with urllib.request.urlopen(req) as r:
            data = r.read()
        raw += len(data)
        page = json.loads(data)
        items.extend(page["items"])
        url = page.get("next")
    print(len(items), raw if "--bytes" in sys.argv else "")


if __name__ == "__main__":
    main()
