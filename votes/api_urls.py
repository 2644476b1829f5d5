from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView
from rest_framework.routers import DefaultRouter

from votes import api

router = DefaultRouter()
router.register("cities", api.CityViewSet, basename="city")
city_router = DefaultRouter(trailing_slash=True)
city_router.include_root_view = False
city_router.register("members", api.MemberViewSet, basename="member")
city_router.register("terms", api.TermViewSet, basename="term")
city_router.register("meetings", api.MeetingViewSet, basename="meeting")
city_router.register("items", api.AgendaItemViewSet, basename="item")
city_router.register("votes", api.VoteViewSet, basename="vote")
city_router.register("member-votes", api.MemberVoteViewSet, basename="member-vote")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("docs/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-docs"),
    path("cities/<slug:city_key>/", include(city_router.urls)),
    path("", include(router.urls)),
]
