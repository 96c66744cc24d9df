#!/usr/bin/env python3
"""One download through the service, timed from the POST until the job reaches a final state.

Polls over one keep-alive connection from one process: forking curl and jq for every poll cost about 0.1 CPU
seconds each, which on 2 vCPUs took CPU from the download being measured.
Usage: timed_download.py <service-port> <file-url> <name> <sha256> [poll-seconds]; prints "<seconds> <state>".
"""
import http.client
import json
import sys
import time

port, url, name, sha256 = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
poll = float(sys.argv[5]) if len(sys.argv) > 5 else 0.02
conn = http.client.HTTPConnection("127.0.0.1", int(port))


def call(method, path, body=None):
    headers = {"Content-Type": "application/json"} if body is not None else {}
    conn.request(method, "/downloader/v1/" + path, body=body, headers=headers)
    response = conn.getresponse()
    data = response.read()
    if response.status >= 300:
        sys.exit(f"HTTP {response.status} from {method} {path}: {data.decode(errors='replace')}")
    return json.loads(data)


start = time.monotonic()
job = call("POST", "downloads", json.dumps({"url": url, "type": "CHECKPOINT", "name": name, "sha256": sha256}))
while job["state"] not in ("DONE", "FAILED", "CANCELLED"):
    time.sleep(poll)
    job = call("GET", "downloads/" + job["id"])
print(f"{time.monotonic() - start:.3f} {job['state']}")
if job["state"] != "DONE":
    print(json.dumps(job), file=sys.stderr)
