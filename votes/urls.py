from django.urls import path

from votes import views

app_name = "votes"
urlpatterns = [
    path("", views.home, name="home"),
    path("<city:city_key>/", views.city_detail, name="city"),
    path("<city:city_key>/colors.css", views.city_colors, name="city-colors"),
    path("<city:city_key>/votes/split/", views.split_votes, name="split-votes"),
    path("<city:city_key>/items/<int:item_id>/", views.item_detail, name="item"),
    path("<city:city_key>/items/search/", views.item_search, name="item-search"),
    path("<city:city_key>/legislation/<int:matter_id>/", views.matter_detail, name="matter"),
    path("<city:city_key>/members/<int:member_id>/", views.member_detail, name="member"),
    path("<city:city_key>/members/<int:member_id>/record.csv", views.member_record_csv, name="member-csv"),
]
