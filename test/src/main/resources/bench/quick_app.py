"""The cold-start bench's app: Python's http.server, so that its own start is small and known.

Knative's runtime contract: listens on 127.0.0.1:$PORT and answers every GET or POST at once with
200 and "port=<PORT>". Each answer carries X-Started-At (when this script began, after the
interpreter's own start), X-Listening-At (when the port was bound and listening) and X-Received-At
(when the request was parsed), epoch milliseconds, so the bench can split a cold start. Only the
standard library; one thread.
"""
import time

STARTED_MS = int(time.time() * 1000)

import os  # noqa: E402
import socketserver  # noqa: E402
from http.server import BaseHTTPRequestHandler, HTTPServer  # noqa: E402


class Server(HTTPServer):
    def server_bind(self):
        # HTTPServer.server_bind also resolves the host's FQDN, which may wait on DNS: skip it.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_GET(self):
        received_ms = int(time.time() * 1000)
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = ("port=%d\n" % self.server.server_port).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Started-At", str(STARTED_MS))
        self.send_header("X-Listening-At", str(LISTENING_MS))
        self.send_header("X-Received-At", str(received_ms))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET


if __name__ == "__main__":
    server = Server(("127.0.0.1", int(os.environ["PORT"])), Handler)
    LISTENING_MS = int(time.time() * 1000)
    print("listening on %d" % server.server_port, flush=True)
    server.serve_forever()
