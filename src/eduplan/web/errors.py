"""The web's own refusals, beside the core's `EduplanError` family."""

from __future__ import annotations

from eduplan.core.errors import EduplanError


class LoginRequired(EduplanError):
    """The request needs a signed-in user."""

    code = "unauthorized"


class AccessDenied(EduplanError):
    """The signed-in user may not do this (role or region)."""

    code = "forbidden"


class CsrfRejected(EduplanError):
    """A form or API write came without the session's CSRF token."""

    code = "csrf"


class TooManyAttempts(EduplanError):
    """Login is locked for this user name and address after repeated failures."""

    code = "too-many-attempts"

    def __init__(self, message: str, *, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after
