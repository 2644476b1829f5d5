from django.urls import path, register_converter

from votes import views


class CityKeyConverter:
    regex = r"[a-z][a-z0-9_-]{1,49}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(CityKeyConverter, "city")

urlpatterns = [
    path("", views.home, name="home"),
    path("<city:city_key>/", views.city_detail, name="city"),
    path("<city:city_key>/meetings/", views.meeting_list, name="meetings"),
    path("<city:city_key>/meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("<city:city_key>/items/<int:item_id>/", views.item_detail, name="item"),
    path("<city:city_key>/items/search/", views.item_search, name="item-search"),
    path("<city:city_key>/members/<int:member_id>/", views.member_detail, name="member"),
    path("<city:city_key>/members/<int:member_id>/record.csv", views.member_record_csv, name="member-csv"),
]
