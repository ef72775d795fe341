"""Login throttling shared by every worker and host: the failures are rows in the database
(`services/logins.py` holds the rules, docs/web.md the thresholds).

The client's address is the connection's peer. `X-Forwarded-For` is read only when the peer is
a trusted proxy (`EDUPLAN_TRUSTED_PROXIES`): then the address is the right-most hop that is not
itself a trusted proxy — a client cannot pick its own address by sending the header.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Sequence
from dataclasses import dataclass, field

from starlette.requests import Request

from eduplan.services.logins import (
    LoginPolicy,
    LoginWait,
    clear_login_failures,
    login_wait,
    record_login_failure,
)
from eduplan.uow import unit_of_work

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass
class LoginThrottle:
    """Says how long a (user name, address) must wait, counts failures, forgets them on success."""

    database_url: str
    trusted_proxies: Sequence[Network] = ()
    policy: LoginPolicy = field(default_factory=LoginPolicy)

    def address(self, request: Request) -> str:
        """The client's address, through trusted proxies only."""
        peer = request.client.host if request.client else "unknown"
        if not self.trusted_proxies or not self._trusted(peer):
            return peer
        hops = [h.strip() for value in request.headers.getlist("x-forwarded-for") for h in value.split(",")]
        hops = [h for h in hops if h]
        for hop in reversed(hops):
            if not self._trusted(hop):
                return hop
        return hops[0] if hops else peer

    def retry_after(self, username: str, address: str) -> LoginWait:
        """How long the pair must wait (seconds 0: it may try now)."""
        with unit_of_work(self.database_url) as session:
            return login_wait(session=session, username=username, address=address, policy=self.policy)

    def failed(self, username: str, address: str) -> None:
        """Count a failure (in its own transaction: the login's own is rolled back)."""
        with unit_of_work(self.database_url) as session:
            record_login_failure(session=session, username=username, address=address)

    def succeeded(self, username: str, address: str) -> None:
        """Forget the pair's failures."""
        with unit_of_work(self.database_url) as session:
            clear_login_failures(session=session, username=username, address=address)

    def _trusted(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self.trusted_proxies)
