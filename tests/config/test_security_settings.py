"""What a deployment on the open internet relies on: CSP with no inline script, sign-in lockout, the
production settings passing Django's deployment checks, and no browsable API outside development."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import CityFactory
from tests.factories.cities import UserFactory
from tests.factories.requests311 import ServiceFactory

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def city():
    city = CityFactory(city_key="springfield")
    ServiceFactory(city=city)
    return city


@pytest.mark.parametrize("url", ["/", "/springfield/", "/311/springfield/", "/311/springfield/report/", "/search/"])
def test_pages_carry_a_strict_csp_and_no_inline_script(client, city, url):
    response = client.get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy
    html = response.content.decode()
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert all("src=" in tag for tag in scripts), scripts
    assert "<style" not in html and " style=" not in html


def test_a_citys_colours_come_as_a_stylesheet_of_their_own(client, city):
    page = client.get("/springfield/").content.decode()
    assert 'href="/springfield/colors.css?v=' in page
    sheet = client.get("/springfield/colors.css")
    assert sheet["Content-Type"] == "text/css"
    assert f"--primary: {city.primary_color};" in sheet.content.decode()


def test_admin_sign_in_is_locked_after_repeated_wrong_passwords(client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    UserFactory(username="clerk", password="the-right-one", is_staff=True)
    for _ in range(3):
        client.post("/admin/login/", {"username": "clerk", "password": "wrong"})
    locked = client.post("/admin/login/?next=/admin/", {"username": "clerk", "password": "the-right-one"})
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_signs_in(client):
    UserFactory(username="clerk", password="the-right-one", is_staff=True)
    client.post("/admin/login/", {"username": "clerk", "password": "wrong"})
    signed_in = client.post("/admin/login/?next=/admin/", {"username": "clerk", "password": "the-right-one"})
    assert signed_in.status_code == 302


def test_the_api_answers_json_to_a_browser_outside_development(client, city):
    response = client.get("/api/cities/springfield/votes/", HTTP_ACCEPT="text/html")
    assert response["Content-Type"] == "application/json"


def test_production_settings_pass_the_deployment_checks():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": "k" * 20 + "Qx9!zL0p#Vb3^mN7&rT5*wY2(uE8)iO4-aS6_dF1+gH",
        "ALLOWED_HOSTS": "cityvotes.example.org",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' plugin, never in a deployment
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        check=False, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
