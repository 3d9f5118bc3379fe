"""A tiny HTTP app for the serving tests, Knative's runtime contract style.

Listens on $PORT; answers "Hello <TARGET>! rev=<K_REVISION> pid=<pid>" to every request.
Query parameters: sleep=<seconds> waits before answering (default: $SLEEP, else 0); bytes=<n> answers n bytes instead; the header X-Max-In-Flight in each
answer is the highest number of requests the app ever served at once, X-In-Flight the current one.
stall=<seconds> answers a chunked body: a first chunk "first", then nothing for that long, then "rest".
GET /stats answers "max_in_flight=<n> served=<n>"; GET /events lists the ce-id of every event POSTed
(also appended to the file $EVENTS_FILE, when set, so that the list outlives a restart).
$START_DELAY (seconds) waits before listening, like an app that takes a while to start.
"""
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

lock = threading.Lock()
state = {"in_flight": 0, "max": 0, "served": 0}
events = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body_in = self.rfile.read(length) if length else b""
        url = urlparse(self.path)
        if self.command == "POST" and self.headers.get("ce-id"):
            with lock:
                events.append(self.headers.get("ce-id"))
                if os.environ.get("EVENTS_FILE"):
                    with open(os.environ["EVENTS_FILE"], "a") as log:
                        log.write(self.headers.get("ce-id") + "\n")
        if url.path == "/events":
            with lock:
                text = "\n".join(events)
            self._send(200, text)
            return
        if url.path == "/stats":
            with lock:
                text = "max_in_flight=%d served=%d" % (state["max"], state["served"])
            self._send(200, text)
            return
        stall = float(parse_qs(url.query).get("stall", ["0"])[0])
        if stall > 0:
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"5\r\nfirst\r\n")
            self.wfile.flush()
            time.sleep(stall)
            self.wfile.write(b"4\r\nrest\r\n0\r\n\r\n")
            return
        size = int(parse_qs(url.query).get("bytes", ["0"])[0])
        if size > 0:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", str(size))
            self.end_headers()
            chunk = b"x" * 65536
            while size > 0:
                self.wfile.write(chunk[:min(size, len(chunk))])
                size -= len(chunk)
            return
        with lock:
            state["in_flight"] += 1
            state["max"] = max(state["max"], state["in_flight"])
            current = state["in_flight"]
        try:
            sleep = float(parse_qs(url.query).get("sleep", [os.environ.get("SLEEP", "0")])[0])
            if sleep > 0:
                time.sleep(sleep)
            text = "Hello %s! rev=%s pid=%d" % (os.environ.get("TARGET", "World"),
                                                 os.environ.get("K_REVISION", ""), os.getpid())
            if body_in:
                text += " body=%d" % len(body_in)
        finally:
            # Counted out before the answer is written: once its last byte is out, a proxy may send
            # the next request, and this thread must not still count as in flight.
            with lock:
                state["in_flight"] -= 1
                state["served"] += 1
        self._send(200, text, current)

    def _send(self, status, text, current=0):
        body = (text + "\n").encode()
        self.send_response(status)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        with lock:
            self.send_header("X-Max-In-Flight", str(state["max"]))
        self.send_header("X-In-Flight", str(current))
        self.end_headers()
        self.wfile.write(body)

    do_GET = _answer
    do_POST = _answer


if __name__ == "__main__":
    if os.environ.get("FAIL_AT_START"):
        print("cannot start: " + os.environ["FAIL_AT_START"], flush=True)
        sys.exit(3)
    if os.environ.get("START_DELAY"):
        time.sleep(float(os.environ["START_DELAY"]))
    port = int(os.environ["PORT"])
    # socketserver's default listen backlog is 5: a burst of new connections (the activator opening
    # one per request in flight to a restarted replica) overflows it, and the dropped handshakes are
    # retried by the kernel after 1, 3, 7, 15... seconds. Servers in production listen with far more.
    ThreadingHTTPServer.request_queue_size = 1024
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print("listening on %d pid=%d" % (port, os.getpid()), flush=True)
    server.serve_forever()
