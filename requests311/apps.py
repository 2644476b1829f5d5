from django.apps import AppConfig


class Requests311Config(AppConfig):
    name = "requests311"
