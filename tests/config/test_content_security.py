"""The CSP headers built once per process: the settings' policy on every ordinary response, django-csp's own
handling for a response that changes its policy."""

from __future__ import annotations

from csp.utils import build_policy
from django.http import HttpResponse
from django.test import RequestFactory

from config.content_security import SitePolicyCSPMiddleware


def _answered(response: HttpResponse, path: str = "/") -> HttpResponse:
    request = RequestFactory().get(path)
    middleware = SitePolicyCSPMiddleware(lambda _: response)
    return middleware(request)


def test_a_response_carries_the_policy_the_settings_define():
    assert _answered(HttpResponse("page"))["Content-Security-Policy"] == build_policy()


def test_a_changed_setting_changes_the_policy(settings):
    _answered(HttpResponse("page"))
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'none'"]}}
    assert _answered(HttpResponse("page"))["Content-Security-Policy"] == "default-src 'none'"


def test_a_response_that_updates_its_policy_gets_the_update():
    response = HttpResponse("page")
    response._csp_update = {"img-src": ["https://tiles.example.org"]}
    assert "https://tiles.example.org" in _answered(response)["Content-Security-Policy"]


def test_a_report_only_policy_is_sent_with_its_own_header(settings):
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"default-src": ["'self'"]}}
    assert _answered(HttpResponse("page"))["Content-Security-Policy-Report-Only"] == "default-src 'self'"


def test_an_excluded_prefix_gets_no_policy(settings):
    settings.CONTENT_SECURITY_POLICY = {**settings.CONTENT_SECURITY_POLICY, "EXCLUDE_URL_PREFIXES": ["/excluded/"]}
    assert "Content-Security-Policy" not in _answered(HttpResponse("page"), "/excluded/page/")
