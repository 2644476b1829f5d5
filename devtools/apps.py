from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development and benchmark tools: demo loaders, data generators, benchmarks and the local Legistar
    replay. Installed by the local and test settings only; production settings leave it out."""

    name = "devtools"
    verbose_name = "Development tools"
