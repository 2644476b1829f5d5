from django.urls import re_path

from requests311 import open311

FMT = r"(?P<fmt>json|xml)"

urlpatterns = [
    re_path(rf"^v2/services\.{FMT}$", open311.services, name="open311-services"),
    re_path(rf"^v2/services/(?P<code>[^/]{{1,64}})\.{FMT}$", open311.service_definition, name="open311-service"),
    re_path(rf"^v2/requests\.{FMT}$", open311.requests_, name="open311-requests"),
    re_path(rf"^v2/requests/(?P<request_id>[^/]{{1,40}})\.{FMT}$", open311.request_detail, name="open311-request"),
]
