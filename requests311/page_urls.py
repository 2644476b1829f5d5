from django.urls import path

from requests311 import views

app_name = "requests311"
urlpatterns = [
    path("<city:city_key>/", views.browse, name="browse"),
    path("<city:city_key>/requests/<int:request_id>/", views.detail, name="detail"),
    path("<city:city_key>/report/", views.report, name="report"),
    path("<city:city_key>/report/sent/<int:request_id>/", views.sent, name="sent"),
]
