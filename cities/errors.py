"""Errors a user can see: one type per failure, with a code, a message and an HTTP status.

Raised anywhere below a view (services, selectors, forms' callers); turned into a response in one place per
kind of client: `cities.middleware.ApplicationErrorMiddleware` for pages, `cities.api_base.api_exception_handler`
for the JSON API, and Open311's own wire format (`requests311.open311`).
"""

from __future__ import annotations


class ApplicationError(Exception):
    code = "error"
    status = 400

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        status: int | None = None,
        fields: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}  # per-parameter problems, when the input had several
        if code:
            self.code = code
        if status:
            self.status = status

    def as_dict(self) -> dict[str, object]:
        body: dict[str, object] = {"code": self.code, "message": self.message}
        if self.fields:
            body["fields"] = self.fields
        return body


class InvalidInput(ApplicationError):
    code = "invalid"
    status = 400


class Forbidden(ApplicationError):
    code = "forbidden"
    status = 403


class NotFound(ApplicationError):
    code = "not_found"
    status = 404


class RateLimited(ApplicationError):
    code = "rate_limited"
    status = 429

    def __init__(self, message: str, *, retry_after: int = 60, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after


class Unavailable(ApplicationError):
    """A dependency (the database, a source API) is down for a moment: try again shortly."""

    code = "unavailable"
    status = 503

    def __init__(self, message: str, *, retry_after: int = 5, code: str | None = None) -> None:
        super().__init__(message, code=code)
        self.retry_after = retry_after
