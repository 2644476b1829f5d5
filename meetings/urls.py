from django.urls import path

from meetings import views

app_name = "meetings"
urlpatterns = [
    path("<city:city_key>/meetings/", views.meeting_archive, name="archive"),
    path("<city:city_key>/meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path(
        "<city:city_key>/documents/<int:document_id>/pages/<int:page_number>/",
        views.document_page_view,
        name="document-page",
    ),
    path("<city:city_key>/legislation/", views.legislation, name="legislation"),
    path("<city:city_key>/bodies/", views.body_list, name="bodies"),
    path("<city:city_key>/bodies/<int:body_id>/", views.body_detail, name="body"),
]
