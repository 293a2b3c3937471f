"""Polite fetching for the feed refresher: robots.txt, a delay between requests to one host, and a
cap on requests one host gets at once. Every request still goes through `fetch.py`'s rules.

    hosts = Polite(settings, stop=event)
    got = hosts.get(url, headers={"If-None-Match": etag})          # a feed: robots.txt not consulted
    got = hosts.get(link, robots=True)                              # an article page: IngestError if robots.txt says no

- robots.txt (parsed by `protego`) is read once per host and pass, through `fetch.py`; a missing one
  (HTTP 4xx) allows everything, an unreachable or failing one (5xx) allows nothing, as RFC 9309
  says. It governs article pages, which the refresher visits on its own; a feed is fetched because
  someone subscribed to it, as a browser or feed reader would. Its Crawl-delay, when longer than
  `NEWSBOT_FEED_HOST_DELAY`, is the host's delay (up to a minute).
- Requests to one host start at least the delay apart, at most `NEWSBOT_FEED_HOST_CONNECTIONS` at
  once; other hosts don't wait for them.
- `stop` (a threading.Event) cuts the waits short: a request not yet started fails with STOPPED.

Deliberately not here: what is fetched and why (`refresh.py`), and the fetch itself (`fetch.py`).
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from index.fetch import Fetched, fetch
from newsbot.errors import IngestError
from newsbot.redact import redact_url
from newsbot.settings import Settings

__all__ = ["AGENT", "Polite", "ROBOTS_REFUSED", "STOPPED"]

AGENT = "newsbot"
STOPPED = "not fetched: the refresher is stopping (it is fetched on the next pass)"
ROBOTS_REFUSED = "the site's robots.txt does not allow fetching this page"
_MAX_CRAWL_DELAY = 60.0
_ROBOTS_BYTES = 500_000


@dataclass
class _Host:
    slots: threading.Semaphore
    lock: threading.Lock = field(default_factory=threading.Lock)
    next_start: float = 0.0
    delay: float = 0.0
    robots: object | None = None  # a protego.Protego, or None before it was read
    robots_read: bool = False
    robots_lock: threading.Lock = field(default_factory=threading.Lock)  # one robots.txt read per host, however many ask


class Polite:
    """One refresh pass's view of the hosts it talks to (thread-safe)."""

    def __init__(self, settings: Settings, stop: threading.Event | None = None) -> None:
        self.settings = settings
        self.stop = stop or threading.Event()
        self._hosts: dict[str, _Host] = {}
        self._lock = threading.Lock()
        self.requests = 0

    def get(self, url: str, headers: Mapping[str, str] | None = None, robots: bool = False,
            max_bytes: int | None = None) -> Fetched:
        """Fetch `url` when its host's turn comes; IngestError for refusals (robots.txt, STOPPED) and failures."""
        host = self._host(url)
        if robots and not self._robots_allow(host, url):
            raise IngestError(redact_url(url), ROBOTS_REFUSED)
        return self._request(host, url, headers, max_bytes)

    def _host(self, url: str) -> _Host:
        key = _key(url)
        with self._lock:
            if key not in self._hosts:
                self._hosts[key] = _Host(threading.Semaphore(self.settings.feed_host_connections),
                                         delay=self.settings.feed_host_delay)
            return self._hosts[key]

    def _request(self, host: _Host, url: str, headers: Mapping[str, str] | None, max_bytes: int | None) -> Fetched:
        with host.slots:
            with host.lock:
                start = max(time.monotonic(), host.next_start)
                host.next_start = start + host.delay
            if self.stop.wait(max(0.0, start - time.monotonic())) or self.stop.is_set():
                raise IngestError(redact_url(url), STOPPED)
            self.requests += 1
            return fetch(url, self.settings, headers=headers, max_bytes=max_bytes)

    def _robots_allow(self, host: _Host, url: str) -> bool:
        with host.robots_lock:
            if not host.robots_read:
                parser = self._read_robots(host, url)
                with host.lock:
                    host.robots, host.robots_read = parser, True
                    delay = getattr(parser, "crawl_delay", lambda _: None)(AGENT) if parser is not None else None
                    if delay:
                        host.delay = max(host.delay, min(float(delay), _MAX_CRAWL_DELAY))
        robots = host.robots
        return robots is None or bool(robots.can_fetch(url, AGENT))  # type: ignore[attr-defined]

    def _read_robots(self, host: _Host, url: str) -> object | None:
        """The host's robots.txt rules (None: everything allowed); a site that can't say allows nothing."""
        from protego import Protego

        parts = urlsplit(url)
        where = f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}/robots.txt"
        try:
            got = self._request(host, where, None, _ROBOTS_BYTES)
        except IngestError as exc:
            if exc.reason == STOPPED:
                raise
            status = re.search(r"HTTP (\d{3})", exc.reason)
            if status and 400 <= int(status.group(1)) < 500:
                return None
            return Protego.parse("User-agent: *\nDisallow: /\n")
        if got.status != 200:
            return None
        return Protego.parse(got.body.decode("utf-8", errors="replace"))


def _key(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme.lower()}://{(parts.hostname or '').lower()}:{parts.port or ''}"
