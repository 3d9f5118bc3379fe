"""A ContainerSource's process: POSTs a binary-mode CloudEvent to $K_SINK every 300 ms.

The event id is "<pid>-<n>", so a test can tell a restarted process from the first one; the
extensions in $K_CE_OVERRIDES ({"extensions": {...}}) are added as ce- headers, as Knative's
sources do. Standard library only.
"""
import json
import os
import time
import urllib.request

sink = os.environ["K_SINK"]
extensions = json.loads(os.environ.get("K_CE_OVERRIDES") or "{}").get("extensions", {})
pid = os.getpid()
n = 0
while True:
    n += 1
    headers = {
        "ce-specversion": "1.0",
        "ce-id": "%d-%d" % (pid, n),
        "ce-type": "dev.example.heartbeat",
        "ce-source": "/containersource/script",
        "content-type": "application/json",
    }
    for name, value in extensions.items():
        headers["ce-" + name] = value
    body = json.dumps({"pid": pid, "n": n}).encode()
    try:
        request = urllib.request.Request(sink, data=body, headers=headers, method="POST")
        urllib.request.urlopen(request, timeout=5).read()
        print("sent %d to %s" % (n, sink), flush=True)
    except Exception as e:  # keep going: the sink may not be ready yet
        print("failed %d: %s" % (n, e), flush=True)
    time.sleep(0.3)
