"""A resident's journey in headless Chromium (Debian's), with axe-core on every page type."""

import os
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Playwright's sync API runs an event loop in this thread; the ORM calls are the test's own.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)"),
]


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture
def demo(transactional_db):
    from devtools.demo.councils import demo_seed

    demo_seed()


@pytest.fixture
def watched_page(page):
    """The page, with console errors and failed requests collected."""
    problems: list[str] = []
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text} at {msg.location}") if msg.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
    page.on("response", lambda r: problems.append(f"HTTP {r.status} {r.url}") if r.status >= 400 else None)
    page.set_viewport_size(PHONE)
    page.problems = problems
    return page


def _axe_serious(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}" for v in results.response["violations"] if v.get("impact") in ("serious", "critical")
    ]


PHONE = {"width": 390, "height": 844}
# Every link the header shows lies wholly inside it, on its one line.
HEADER_FITS = """(() => {
  const nav = document.querySelector('.site-header nav').getBoundingClientRect();
  return [...document.querySelectorAll('.site-header nav a')].filter(a => a.offsetParent !== null).every(a => {
    const box = a.getBoundingClientRect();
    return box.left >= nav.left - 1 && box.right <= nav.right + 1
      && box.top >= nav.top - 1 && box.bottom <= nav.bottom + 1;
  });
})()"""
DESKTOP = {"width": 1280, "height": 900}


def _visit(page, name: str) -> None:
    """A screenshot and axe-core's serious and critical findings, at phone and at desktop width."""
    ARTIFACTS.mkdir(exist_ok=True)
    for width, size in (("", PHONE), ("-desktop", DESKTOP)):
        page.set_viewport_size(size)
        page.screenshot(path=str(ARTIFACTS / f"{name}{width}.png"), full_page=True)
        assert _axe_serious(page) == [], f"accessibility problems on the {name} page at {size['width']} px"
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"), f"{name} scrolls sideways"
        assert page.evaluate(HEADER_FITS), f"the {name} page's header does not fit {size['width']} px"
    page.set_viewport_size(PHONE)


def test_resident_finds_how_their_member_voted(live_server, demo, watched_page):
    page = watched_page
    page.goto(live_server.url + "/")
    _visit(page, "home")

    page.get_by_role("link", name="Riverton, OR").click()
    page.get_by_role("heading", name="Riverton, OR City Council").wait_for()
    _visit(page, "city")

    page.get_by_role("link", name="Linh Nguyen").click()
    page.get_by_role("heading", name="Linh Nguyen").wait_for()
    _visit(page, "member")

    page.get_by_label("Vote", exact=True).select_option("No")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_url("**choice=No**")
    choices = page.locator("table.record td span.choice").all_inner_texts()
    assert choices and set(choices) == {"No"}

    page.locator("table.record td a").first.click()
    page.get_by_role("table", name="How each member voted").wait_for()
    _visit(page, "item")
    assert "Linh Nguyen" in page.get_by_role("table", name="How each member voted").inner_text()

    page.get_by_role("link", name="Regular Meeting").first.click()
    page.get_by_role("heading", name="Regular agenda").wait_for()
    _visit(page, "meeting")
    assert page.problems == []


def test_search_and_311_pages_pass_axe(live_server, transactional_db, watched_page):
    """The journalist's search page and a resident's 311 pages, with data in them."""
    import datetime as dt

    from cities.services import city_create
    from tests.factories import MeetingFactory
    from tests.factories.meetings import MeetingPageFactory, MinutesDocumentFactory
    from tests.factories.requests311 import ServiceFactory, ServiceRequestFactory

    city = city_create(city_key="bloomington", name="Bloomington, IN", state="IN", total_seats=9)
    meeting = MeetingFactory(city=city, meeting_date=dt.date(2025, 3, 4))
    MeetingPageFactory(
        document=MinutesDocumentFactory(meeting=meeting), content="The council approved the affordable housing plan."
    )
    request = ServiceRequestFactory(service=ServiceFactory(city=city, service_name="Pothole"))
    page = watched_page
    for name, path in (
        ("search", "/search/?q=housing"),
        ("311-list", "/311/bloomington/"),
        ("311-detail", f"/311/bloomington/requests/{request.id}/"),
        ("311-report", "/311/bloomington/report/"),
    ):
        page.goto(live_server.url + path)
        page.locator("h1").wait_for()
        _visit(page, name)
    assert page.problems == []


def test_the_311_map_leaves_out_impossible_points_and_links_its_markers(live_server, transactional_db, watched_page):
    """Two requests in Bloomington, one imported at 0,0 and one placed in another country: two markers, the
    map fitted to the city, and a marker's popup leads to its request."""
    from cities.services import city_create
    from tests.factories.requests311 import ServiceFactory, ServiceRequestFactory

    city = city_create(city_key="bloomington", name="Bloomington, IN", state="IN", total_seats=9)
    service = ServiceFactory(city=city, service_name="Pothole")
    near = [ServiceRequestFactory(service=service, lat=39.165 + n / 1000, long=-86.526) for n in range(2)]
    ServiceRequestFactory(service=service, lat=0.0, long=0.0)
    ServiceRequestFactory(service=service, lat=51.5, long=-0.12)
    page = watched_page
    page.goto(live_server.url + "/311/bloomington/")
    page.locator(".leaflet-marker-icon").first.wait_for()
    assert page.locator(".leaflet-marker-icon").count() == 2
    frame = page.locator("#map").bounding_box()
    for n in range(2):
        box = page.locator(".leaflet-marker-icon").nth(n).bounding_box()
        assert frame["x"] <= box["x"] <= frame["x"] + frame["width"], "the map is fitted to the city's points"
        assert frame["y"] <= box["y"] <= frame["y"] + frame["height"]
    page.locator(".leaflet-marker-icon").first.click()
    href = page.locator(".leaflet-popup-content a").get_attribute("href")
    assert href in {f"/311/bloomington/requests/{r.id}/" for r in near}
    assert page.problems == []


def test_a_journalist_goes_from_a_search_hit_to_the_page_and_its_meeting(live_server, transactional_db, watched_page):
    import datetime as dt

    from cities.services import city_create
    from tests.factories import MeetingFactory
    from tests.factories.meetings import MeetingPageFactory, MinutesDocumentFactory

    city = city_create(city_key="bloomington", name="Bloomington, IN", state="IN", total_seats=9)
    meeting = MeetingFactory(city=city, meeting_date=dt.date(2025, 3, 4), meeting_type="Common Council")
    document = MinutesDocumentFactory(meeting=meeting, title="Minutes, March 4", page_count=2)
    MeetingPageFactory(document=document, page_number=1, content="Call to order and roll call.")
    MeetingPageFactory(document=document, page_number=2, content="The annexation of Parcel 9 was approved 7-2.")
    page = watched_page
    page.goto(live_server.url + "/search/?q=annexation")
    page.get_by_role("link", name="Minutes, March 4, page 2").click()
    page.locator("h1").wait_for()
    assert page.locator(".page-text mark").first.inner_text().lower() == "annexation"
    _visit(page, "document-page")
    page.get_by_role("link", name="← Page 1").click()
    assert "Call to order" in page.locator(".page-text").inner_text()
    page.get_by_role("link", name="Common Council, Mar 4, 2025").click()
    assert page.locator("h1").inner_text() == "Common Council"
    _visit(page, "meeting-with-documents")
    assert page.problems == []


def test_near_me_says_what_happened_when_the_location_is_refused(live_server, transactional_db, watched_page):
    from cities.services import city_create

    city_create(city_key="bloomington", name="Bloomington, IN", state="IN", total_seats=9)
    page = watched_page
    page.goto(live_server.url + "/311/bloomington/")
    page.get_by_role("button", name="Near me").click()
    status = page.locator("#near-me-status")
    status.filter(has_text="Location not shared").wait_for(timeout=10_000)
    assert "nothing was filtered" in status.inner_text()
    assert page.problems == []


def test_the_other_page_types_pass_axe_at_phone_and_desktop_width(live_server, demo, watched_page):
    page = watched_page
    base = live_server.url + "/riverton"
    for name, path, wait in (
        ("legislation", "/legislation/", "h1"),
        ("bodies", "/bodies/", "h1"),
        ("archive", "/meetings/", "h1"),
        ("split-votes", "/votes/split/", "h1"),
        ("item-search", "/items/search/?q=budget", "h1"),
        ("item-search-close-titles", "/items/search/?q=budjet", "h1"),
    ):
        page.goto(base + path)
        page.locator(wait).wait_for()
        _visit(page, name)
    page.goto(base + "/legislation/")
    page.locator("main ol a, main table a").first.click()
    page.locator("h1").wait_for()
    _visit(page, "matter")
    page.goto(base + "/bodies/")
    page.locator("main li a").first.click()
    page.locator("h1").wait_for()
    _visit(page, "body")
    assert page.problems == []
    page.goto(base + "/items/999999999/")
    assert "No such agenda item" in page.locator("main").inner_text()
    _visit(page, "not-found")


def test_a_resident_drops_a_pin_and_ends_on_the_confirmation_page(live_server, transactional_db, watched_page):
    from cities.services import city_create
    from requests311.models import ServiceRequest
    from tests.factories.requests311 import ServiceFactory, ServiceRequestFactory

    city = city_create(city_key="bloomington", name="Bloomington, IN", state="IN", total_seats=9)
    pothole = ServiceFactory(city=city, service_name="Pothole", service_code="POT")
    for lat, long in ((39.16, -86.52), (39.17, -86.53), (0.0, 0.0)):
        ServiceRequestFactory(service=pothole, lat=lat, long=long)
    page = watched_page
    page.goto(live_server.url + "/311/bloomington/report/")
    page.get_by_label("What is the problem?").select_option("POT")
    page.get_by_label("Describe it").fill("Deep hole by the bus stop")
    page.locator("#pin-map").click()  # the middle of the map: where it opened
    page.locator("#location-status").filter(has_text="Pin dropped.").wait_for()
    _visit(page, "311-report-pin")
    page.get_by_role("button", name="Send report").click()
    page.get_by_role("heading", name="Thank you: your report was sent").wait_for()
    created = ServiceRequest.objects.get(description="Deep hole by the bus stop")
    assert f"#{created.id}" in page.locator(".lead").inner_text()
    assert abs(created.lat - 39.165) < 0.01 and abs(created.long + 86.525) < 0.01, "the pin is where it was dropped"
    _visit(page, "311-sent")
    assert page.problems == []


def test_a_staff_vote_correction_shows_on_the_public_item_page(live_server, transactional_db, watched_page):
    from tests.factories import CityFactory, UserFactory
    from tests.factories.votes import MemberVoteFactory, VoteFactory

    vote = VoteFactory(agenda_item__meeting__city=CityFactory(city_key="springfield"), yes_count=5, tally="5-0")
    ballots = [MemberVoteFactory(vote=vote) for _ in range(5)]
    UserFactory(username="clerk", is_staff=True, is_superuser=True)
    page = watched_page
    item_url = f"{live_server.url}/springfield/items/{vote.agenda_item_id}/"
    page.goto(item_url)
    assert "5\u20130" in page.locator("main").inner_text()
    page.goto(f"{live_server.url}/admin/login/?next=/admin/votes/membervote/{ballots[0].pk}/change/")
    page.get_by_label("Username").fill("clerk")
    page.get_by_label("Password").fill("pw-for-tests")
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Vote choice").select_option("No")
    page.get_by_label("Reason for a correction").fill("The minutes record a No")
    page.get_by_role("button", name="Save", exact=True).click()
    page.locator(".messagelist").wait_for()
    assert "was changed successfully" in page.locator(".messagelist").inner_text(), page.locator(
        "#content"
    ).inner_text()
    page.goto(item_url)
    text = page.locator("main").inner_text()
    assert "4\u20131" in text and "5\u20130" not in text
    assert "vote corrected by city staff" in text and "The minutes record a No" in text
    _visit(page, "item-corrected")
    assert page.problems == []
