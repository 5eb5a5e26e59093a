"""The library's feeds, judged by standard clients on the demo's content: the calendar feeds
(/events.ics, one category's and one event's) read by the icalendar package as calendar software
reads them (a stable UID, DTSTAMP, start and end as UTC instants, the assembly the day after
Toronto's next clock change at the instants zoneinfo gives for its local times, the cancelled vigil
STATUS:CANCELLED with a grown SEQUENCE, text in the language asked), and the Atom feeds of news,
the library and jobs in both languages parsed by feedparser."""
import datetime
import sys
import urllib.request
import zoneinfo

import feedparser
import icalendar

base = sys.argv[1]


def get(path):
    with urllib.request.urlopen(base + path) as response:
        assert response.status == 200, (path, response.status)
        return response.headers.get("Content-Type", ""), response.read()


kind, body = get("/events.ics")
assert kind.startswith("text/calendar"), kind
calendar = icalendar.Calendar.from_ical(body)
events = calendar.walk("VEVENT")
assert len(events) >= 3, len(events)
uids = set()
for event in events:
    uid = str(event["UID"])
    assert uid not in uids, uid
    uids.add(uid)
    assert event.get("DTSTAMP") is not None
    start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    assert start.tzinfo is not None and start.utcoffset() == datetime.timedelta(0), start
    assert end > start, (start, end)
cancelled = [e for e in events if str(e.get("STATUS")) == "CANCELLED"]
assert len(cancelled) == 1, [str(e.get("SUMMARY")) for e in events]
assert int(cancelled[0]["SEQUENCE"]) >= 1
assert str(cancelled[0]["SUMMARY"]) == "Candlelight vigil"

# The demo's assembly is on the day after Toronto's next clock change, 10:00 to 16:00 local time:
# its instants carry the offset after the change, which differs from today's.
toronto = zoneinfo.ZoneInfo("America/Toronto")
utc = datetime.timezone.utc
assembly = [e for e in events if str(e["SUMMARY"]) == "Ontario members' assembly"]
assert len(assembly) == 1, [str(e.get("SUMMARY")) for e in events]
start, end = assembly[0].decoded("DTSTART"), assembly[0].decoded("DTEND")
day = start.astimezone(toronto).date()
expected_start = datetime.datetime.combine(day, datetime.time(10, 0), toronto).astimezone(utc)
expected_end = datetime.datetime.combine(day, datetime.time(16, 0), toronto).astimezone(utc)
assert (start, end) == (expected_start, expected_end), (start, end, expected_start, expected_end)
today = datetime.datetime.now(toronto)
assert expected_start.astimezone(toronto).utcoffset() != today.utcoffset(), "after a clock change"
# The clock changes in the night before the day before: two days earlier, the other offset held.
before = datetime.datetime.combine(day - datetime.timedelta(days=2), datetime.time(10, 0), toronto)
assert before.utcoffset() != expected_start.astimezone(toronto).utcoffset(), "the day after the change"
for event in events:
    status = str(event.get("STATUS", "CONFIRMED"))
    assert (status == "CANCELLED") == (str(event["SUMMARY"]) == "Candlelight vigil"), (event["SUMMARY"], status)

_, vigils = get("/events.ics?category=vigil")
only_vigils = icalendar.Calendar.from_ical(vigils).walk("VEVENT")
assert [str(e["SUMMARY"]) for e in only_vigils] == ["Candlelight vigil"], only_vigils
assert str(only_vigils[0]["STATUS"]) == "CANCELLED"

_, french = get("/events.ics?lang=fr")
summaries = {str(e["SUMMARY"]) for e in icalendar.Calendar.from_ical(french).walk("VEVENT")}
assert "Formation sur la naloxone" in summaries, summaries

url = str(events[0]["URL"])
one = "/events/" + url.rsplit("/events/", 1)[1] + "/calendar.ics"
_, single = get(one)
only = icalendar.Calendar.from_ical(single).walk("VEVENT")
assert len(only) == 1 and str(only[0]["UID"]) == str(events[0]["UID"])

for feed in ["/news/feed.atom", "/library/feed.atom", "/jobs/feed.atom"]:
    for suffix, lang in [("", "en"), ("?lang=fr", "fr")]:
        kind, body = get(feed + suffix)
        assert kind.startswith("application/atom+xml"), kind
        parsed = feedparser.parse(body)
        assert not parsed.bozo, (feed, parsed.bozo_exception)
        assert parsed.feed.get("language", lang) == lang, parsed.feed.get("language")
        assert len(parsed.entries) >= 2, (feed, len(parsed.entries))
        for entry in parsed.entries:
            assert entry.title and entry.link.startswith(base), entry
print("library: calendar feeds and Atom feeds read by icalendar and feedparser")
