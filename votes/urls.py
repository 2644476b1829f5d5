from django.urls import path

from votes import views

urlpatterns = [
    path("", views.home, name="home"),
]
