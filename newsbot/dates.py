"""Dates as newsbot stores them: ISO 8601 text, plus seconds since the epoch for range filters.

`to_iso` accepts ISO text, RFC 822 feed dates and free text ("Feb 6, 2026", "6 February 2026
10:00 GMT"); free text goes through dateparser. Dates without a zone are taken as UTC. Unknown
dates are "" (allowed everywhere) and sort as timestamp 0.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from email.utils import parsedate_to_datetime

__all__ = ["to_iso", "to_timestamp", "bound_timestamp"]


def to_iso(value: str | date | datetime | None) -> str:
    """ISO 8601 text for a date given in any common form, or "" when it cannot be read."""
    if value is None or value == "":
        return ""
    parsed = _parse(value)
    if parsed is None:
        return ""
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.isoformat()


def _parse(value: str | date | datetime) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime.combine(value, time())
    text = str(value).strip()
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    import dateparser

    return dateparser.parse(text, settings={"PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["year"]}, languages=["en"])


def to_timestamp(iso: str) -> float:
    """Seconds since the epoch for ISO text from `to_iso`; 0.0 for unknown."""
    if not iso:
        return 0.0
    parsed = datetime.fromisoformat(iso)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.timestamp()


def bound_timestamp(value: str | date | datetime, end: bool) -> float:
    """Timestamp for a filter bound; a bare date covers its whole day (end=True: up to 23:59:59.999)."""
    if isinstance(value, datetime):
        return to_timestamp(to_iso(value))
    if isinstance(value, date) or (isinstance(value, str) and len(value.strip()) == 10):
        try:
            day = value if isinstance(value, date) else date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"cannot read {value!r} as a date; use YYYY-MM-DD") from None
        moment = datetime.combine(day, time.max if end else time.min, tzinfo=UTC)
        return moment.timestamp()
    iso = to_iso(value)
    if not iso:
        raise ValueError(f"cannot read {value!r} as a date; use YYYY-MM-DD")
    return to_timestamp(iso)
