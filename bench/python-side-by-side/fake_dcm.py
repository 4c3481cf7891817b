"""A stand-in for Darwin Cluster Manager and Chronos during the side-by-side: every call succeeds.

The Python service's create sends the cluster's rendered chart to the cluster manager and reads
the cluster's name back from the answer ("ClusterName"); its events go to Chronos.
"""
import json
import re
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLUSTER_NAME = re.compile(rb'name="cluster_name"\r\n\r\n([^\r]*)')


class Succeeds(BaseHTTPRequestHandler):
    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        name = CLUSTER_NAME.search(body)
        answer = {"status": "SUCCESS", "ClusterName": name.group(1).decode() if name else "", "data": {}}
        raw = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    do_GET = do_POST = do_PUT = do_DELETE = _answer

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8190), Succeeds).serve_forever()
