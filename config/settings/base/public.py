"""What the public side answers with: 311, the Content-Security-Policy, the API and its limits."""

from urllib.parse import urlsplit

from csp.constants import NONE, SELF

from .core import env

# --- 311 (requests311) ----------------------------------------------------------------------
# GeoReport v2 answers a created request with 200; some clients expect 201.
OPEN311_POST_201 = env.bool("OPEN311_POST_201", default=False)
# Map tiles for the resident pages (Leaflet is served from static/); empty: a map without tiles.
OPEN311_TILE_URL = env("OPEN311_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# Content-Security-Policy (django-csp): scripts, styles and frames only from this site; pages carry no inline
# script or style. Map tiles are the one outside source (OPEN311_TILE_URL's origin).
_tiles = urlsplit(OPEN311_TILE_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([f"{_tiles.scheme}://{_tiles.netloc}"] if _tiles.netloc else [])],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}  # fmt: skip
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
# "Near me" shows requests of the last N days (unless a start date is given).
OPEN311_NEAR_ME_DAYS = env.int("OPEN311_NEAR_ME_DAYS", default=365)
OPEN311_PHOTO_MAX_BYTES = env.int("OPEN311_PHOTO_MAX_BYTES", default=5_000_000)
OPEN311_PHOTO_MAX_PIXELS = env.int("OPEN311_PHOTO_MAX_PIXELS", default=50_000_000)  # a 48 MP phone photo fits
OPEN311_REPORTS_PER_IP_PER_HOUR = env.int("OPEN311_REPORTS_PER_IP_PER_HOUR", default=10)

# --- REST framework -------------------------------------------------------------------------
API_RATE_PER_IP = env("API_RATE_PER_IP", default="60/min")  # clients without a key; keys carry their own rate
# Per address, per minute (cities.clients): pages and feeds whose every request may cost a query.
SEARCH_RATE_PER_IP_PER_MINUTE = env.int("SEARCH_RATE_PER_IP_PER_MINUTE", default=30)
OPEN311_READS_PER_IP_PER_MINUTE = env.int("OPEN311_READS_PER_IP_PER_MINUTE", default=120)
# How many proxies in front of the web server append to X-Forwarded-For (cities.clients.client_address).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # JSON only: the browsable API renders a form and a whole page per request (development adds it).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "EXCEPTION_HANDLER": "cities.api_base.api_exception_handler",
    # The API is public and read-only: clients are told apart by API key (cities.api_base), never by a
    # password or a session, so nobody can guess passwords through it.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    # Rates per client IP (no key) and default per key; backed by the Redis cache.
    "DEFAULT_THROTTLE_RATES": {"per_ip": API_RATE_PER_IP, "api_key": "120/min"},
}
API_DESCRIPTION = """Read-only council, meeting, legislation and vote data for every city on CityVotes, the
minutes search, and each city's 311 requests.

**Cities** are named by their key, as in the site's addresses: `/api/cities/springfield/meetings/`.
Every list is paged by a cursor: follow the `next` link of a page for the one after it; a deep page costs
what the first does. Dates are ISO 8601; times are UTC.

**Without a key** each address may make 60 requests a minute. **With a key** (ask the site's operators),
send it as the `X-Api-Key` header and the key's own rate applies. Over the rate, the answer is a 429 with
`Retry-After`.

**Errors** are JSON: `{"error": {"code": "...", "message": "..."}}` with a 4xx status that says what was
wrong (an unknown city is a 404, a malformed filter or cursor a 400).

**Examples**

- `/api/cities/` : every city
- `/api/cities/springfield/members/` : the council and its former members
- `/api/cities/springfield/matters/?file=int+47-2024` : legislation by file number, however it is typed
- `/api/cities/springfield/member-votes/?member=12&vote_choice=No` : one member's No votes
- `/api/search/?q=budget+hearing&city=springfield` : minutes pages, best matches first, each hit with the
  address of its page

**Open311 GeoReport v2** (311 service requests), outside this schema, in the standard's own format (add
`.json` or `.xml`), with the city as `jurisdiction_id`:

- `/open311/v2/services.json?jurisdiction_id=springfield` : what can be reported
- `/open311/v2/services/<code>.json?jurisdiction_id=springfield` : a service's questions
- `/open311/v2/requests.json?jurisdiction_id=springfield&status=open` : requests (no reporter's contact
  details, ever)
- `/open311/v2/requests/<id>.json?jurisdiction_id=springfield` : one request
- `POST /open311/v2/requests.json` : report one (needs the city's Open311 `api_key`)
"""
SPECTACULAR_SETTINGS = {
    "TITLE": "CityVotes API",
    "DESCRIPTION": API_DESCRIPTION,
    "VERSION": "1.0.0",
    # Docs page assets come from the drf-spectacular-sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}
