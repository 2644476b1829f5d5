from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from config.health import healthz
from search.views import search_api

admin.site.site_header = "CityVotes administration"
admin.site.site_title = "CityVotes admin"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Each app owns its URLs; the order matters only for the catch-all city pages (last).
    path("search/", include("search.urls")),
    path("open311/", include("requests311.urls")),
    path("311/", include("requests311.page_urls")),
    path("api/search/", search_api, name="search-api"),
    path("api/", include("votes.api_urls")),
    path("", include("votes.urls")),
]

if settings.DEBUG:  # uploaded 311 photos in development; production serves MEDIA_ROOT from the web server
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
