from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.http import HttpRequest, HttpResponsePermanentRedirect
from django.templatetags.static import static as static_url
from django.urls import include, path

from cities.api_base import api_error_response
from cities.middleware import error_format_register
from config.health import healthz, readyz
from config.metrics import metrics
from requests311.open311 import open311_error_response
from search.api import SearchApi


def favicon(request: HttpRequest) -> HttpResponsePermanentRedirect:
    """Resolved per request: the hashed static name exists only once collectstatic has run."""
    return HttpResponsePermanentRedirect(static_url("favicon.svg"))


admin.site.site_header = "CityVotes administration"
admin.site.site_title = "CityVotes admin"
admin.site.index_template = "admin/cityvotes_index.html"  # adds the data-quality page

# Application errors under these prefixes are answered in their clients' format; pages get the error page.
error_format_register("/api/", api_error_response)
error_format_register("/open311/", open311_error_response)

handler404 = "cities.middleware.page_not_found"
handler500 = "cities.middleware.server_error"

urlpatterns = [
    # Pages that name no icon (the admin's) make browsers ask for /favicon.ico: the site's icon, not a 404.
    path("favicon.ico", favicon),
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
    path("admin/", admin.site.urls),
    # Each app owns its URLs; the city pages (`<city>/...`) come last, after every fixed prefix.
    path("search/", include("search.urls")),
    path("open311/", include("requests311.urls")),
    path("311/", include("requests311.page_urls")),
    path("api/search/", SearchApi.as_view(), name="search-api"),
    path("api/", include("votes.api.urls")),
    path("", include("meetings.urls")),
    path("", include("votes.urls")),
]

if settings.DEBUG:  # uploaded 311 photos in development; production serves MEDIA_ROOT from the web server
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
