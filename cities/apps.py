from django.apps import AppConfig
from django.urls import register_converter


class CitiesConfig(AppConfig):
    name = "cities"
    verbose_name = "Cities and councils"

    def ready(self) -> None:
        from cities.converters import CityKeyConverter

        register_converter(CityKeyConverter, "city")
