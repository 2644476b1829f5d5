from django.apps import AppConfig


class LegistarConfig(AppConfig):
    """Ingestion from the Legistar Web API: its client, the sync and the tasks that run it. No tables of its
    own: every row it brings goes through the owning app's services (cities, meetings, votes)."""

    name = "legistar"
    verbose_name = "Legistar ingestion"
