"""API keys: only a hash is kept; the plain key is shown once."""

from __future__ import annotations

import hashlib
import secrets

from cities.models import ApiKey, City


def api_key_create(*, name: str, city: City | None = None, requests_per_minute: int = 120) -> tuple[ApiKey, str]:
    """A new API key; the plain key is returned once and only its SHA-256 is stored."""
    plain = secrets.token_urlsafe(32)
    key = ApiKey.objects.create(
        name=name,
        city=city,
        prefix=plain[:8],
        key_hash=hashlib.sha256(plain.encode()).hexdigest(),
        requests_per_minute=requests_per_minute,
    )
    return key, plain
