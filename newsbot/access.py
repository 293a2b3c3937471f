"""Who may change the library: one policy for every front end (the Streamlit UI now, an HTTP API later).

    decision = write_access(settings, exposed=is_exposed(bind_address), password=offered)   # or proven=True
    if decision.allowed: ...           else: show decision.reason (and a password box if decision.needs_password)

The rules, in order:

1. `NEWSBOT_READ_ONLY=1`: no changes, and the controls are hidden (`visible` is False).
2. `NEWSBOT_ADMIN_PASSWORD` set: changes need that password. It is compared in constant time
   (both sides hashed first, so not even its length leaks) and never logged or echoed.
3. Neither, and the server is reachable beyond this machine (bound to anything but a loopback
   address, or to every interface): no changes, with a reason that says how to allow them.
4. Neither, on loopback: changes allowed (the one person who can reach it is at this machine).

Deliberately not here: remembering that a session gave the right password (each front end keeps
that in its own session), rate limiting, and any user accounts.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass

from newsbot.settings import Settings

__all__ = ["Access", "EXPOSED_REASON", "is_exposed", "password_matches", "write_access"]

EXPOSED_REASON = ("This server can be reached from other machines, so the library can't be changed from here. To allow "
                  "changes, set NEWSBOT_ADMIN_PASSWORD (then the page asks for it), or serve on 127.0.0.1 only.")
READ_ONLY_REASON = "This library is read-only (NEWSBOT_READ_ONLY=1)."
PASSWORD_REASON = "Enter the admin password to change the library."


@dataclass(frozen=True)
class Access:
    """A decision: `allowed` to change the library now; `visible` whether to show the controls at all;
    `needs_password` when the right password would allow it; `reason` says why not ('' when allowed)."""

    allowed: bool
    visible: bool = True
    needs_password: bool = False
    reason: str = ""


def is_exposed(address: str | None) -> bool:
    """True unless `address` (what the server binds to) is a loopback address or name.

    An empty address means every interface (Streamlit's and most servers' default), so it is exposed.
    """
    host = (address or "").strip().strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ipaddress.ip_address(host).is_loopback
    except ValueError:
        return True  # empty, a name, or a wildcard: assume other machines can reach it


def password_matches(settings: Settings, offered: str | None) -> bool:
    """Whether `offered` is the admin password (constant time; False when none is set or none offered)."""
    if not settings.admin_password or offered is None:
        return False
    want = hashlib.sha256(settings.admin_password.encode("utf-8")).digest()
    got = hashlib.sha256(offered.encode("utf-8")).digest()
    return hmac.compare_digest(want, got)


def write_access(settings: Settings, exposed: bool, password: str | None = None, proven: bool = False) -> Access:
    """May this request change the library? `password` is what the user offered (None: nothing yet);
    `proven` says the front end already checked it with `password_matches` in this session."""
    if settings.read_only:
        return Access(allowed=False, visible=False, reason=READ_ONLY_REASON)
    if settings.admin_password:
        if proven or password_matches(settings, password):
            return Access(allowed=True)
        return Access(allowed=False, needs_password=True, reason=PASSWORD_REASON)
    if exposed:
        return Access(allowed=False, reason=EXPOSED_REASON)
    return Access(allowed=True)
