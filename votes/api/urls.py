from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import DefaultRouter

from votes.api import council, legislation, records

# Redoc (the API's docs page, no data of ours) styles itself inline and parses in a blob: worker.
redoc = csp_update({"style-src": [UNSAFE_INLINE], "worker-src": ["blob:"]})(
    SpectacularRedocView.as_view(url_name="api-schema")
)

router = DefaultRouter()
router.register("cities", council.CityViewSet, basename="city")
city_router = DefaultRouter(trailing_slash=True)
city_router.include_root_view = False
city_router.register("members", council.MemberViewSet, basename="member")
city_router.register("bodies", council.BodyViewSet, basename="body")
city_router.register("memberships", council.MembershipViewSet, basename="membership")
city_router.register("meetings", records.MeetingViewSet, basename="meeting")
city_router.register("items", records.AgendaItemViewSet, basename="item")
city_router.register("votes", records.VoteViewSet, basename="vote")
city_router.register("member-votes", records.MemberVoteViewSet, basename="member-vote")
city_router.register("matters", legislation.MatterViewSet, basename="matter")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", redoc, name="api-docs"),
    path("cities/<city:city_key>/", include(city_router.urls)),
    path("", include(router.urls)),
]
