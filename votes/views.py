from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from cities.models import City


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"cities": City.objects.order_by("name")})
