from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("<city:city_key>/meetings/", views.meeting_archive, name="archive"),
    path("<city:city_key>/meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
]
