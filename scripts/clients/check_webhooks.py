"""Webhook deliveries verify with the official Standard Webhooks library (standardwebhooks on PyPI):
an endpoint on loopback is added through the API, an alert is published, the endpoint answers the
first attempt with 503 and the retry with 200; both attempts carry the same webhook-id and valid
signatures."""
import json
import os
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

from standardwebhooks.webhooks import Webhook

base = sys.argv[1]
token = os.environ["RENDEZVOUS_ADMIN_TOKEN"]
received = []


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        received.append((dict(self.headers), body))
        self.send_response(503 if len(received) == 1 else 200)
        self.end_headers()

    def log_message(self, *args):
        pass


server = HTTPServer(("127.0.0.1", 0), Receiver)
threading.Thread(target=server.serve_forever, daemon=True).start()


def api(method, path, body=None):
    request = urllib.request.Request(
        base + path,
        method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


endpoint = api("POST", "/api/v1/webhooks", {
    "url": f"http://127.0.0.1:{server.server_port}/hook",
    "events": ["alert.published"],
    "description": "standardwebhooks check",
})
alert = api("POST", "/api/v1/alerts", {
    "regions": ["NL"], "severity": "severe", "verification": "test-strip",
    "headline_en": "Benzodiazepines in down", "headline_fr": "Benzodiazépines dans le down",
    "summary_en": "Long sedation.", "summary_fr": "Longue sédation.",
})
api("POST", f"/api/v1/alerts/{alert['id']}/publish", {})
deadline = time.time() + 60
while len(received) < 2 and time.time() < deadline:
    time.sleep(0.2)
assert len(received) >= 2, f"expected a delivery and its retry, got {len(received)}"
verifier = Webhook(endpoint["secret"])
ids = set()
for headers, body in received[:2]:
    lowered = {k.lower(): v for k, v in headers.items()}
    payload = verifier.verify(body, lowered)
    assert payload["type"] == "alert.published" and payload["data"]["id"] == alert["id"], payload
    ids.add(lowered["webhook-id"])
assert len(ids) == 1, f"a retry must keep its webhook-id: {ids}"
print(f"webhooks: 2 attempts of {ids.pop()} verified by standardwebhooks (503, then 200)")
