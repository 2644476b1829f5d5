"""manage.py citus_plan"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from cities.distribution import citus_statements


class Command(BaseCommand):
    help = "The create_reference_table / create_distributed_table calls that would move the schema onto Citus."

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write("\n".join(citus_statements()))
