"""The Content-Security-Policy headers (django-csp), built once per process.

django-csp builds the policy from the settings for every response. This portal's pages carry no nonce and no
view changes its policy (django-csp's decorators), so for nearly every response the headers are the
settings' policy, the same each time, and building it was a large share of a page answered from the cache.
Such a response gets the policy built once; any other (a nonce asked for, a decorated view, DEBUG's error
pages) is django-csp's to build as it always does.
"""

from __future__ import annotations

import functools
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase

# What django-csp's decorators leave on a response for the middleware to apply.
_PER_RESPONSE = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")
_PER_RESPONSE_ATTRIBUTES = _PER_RESPONSE + tuple(f"{name}_ro" for name in _PER_RESPONSE)


@functools.cache
def _settings_policies() -> tuple[tuple[str, str, tuple[str, ...]], ...]:
    """(header, policy, URL prefixes it does not cover) for each policy the settings define."""
    policies = []
    settings_names = ((HEADER, "CONTENT_SECURITY_POLICY", False),
                      (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True))  # fmt: skip
    for header, setting, report_only in settings_names:
        if policy := build_policy(report_only=report_only):
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            policies.append((header, policy, tuple(excluded)))
    return tuple(policies)


@receiver(setting_changed)
def _policies_changed(*, setting: str, **_: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _settings_policies.cache_clear()


class SitePolicyCSPMiddleware(CSPMiddleware):
    def process_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        if (settings.DEBUG or getattr(request, "_csp_nonce", None) is not None
                or any(hasattr(response, name) for name in _PER_RESPONSE_ATTRIBUTES)):  # fmt: skip
            return super().process_response(request, response)
        for header, policy, excluded in _settings_policies():
            if header not in response and not request.path_info.startswith(excluded):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error, not a silent no-op.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
