import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

LOCAL_HOSTS = {"", "localhost", "127.0.0.1", "::1"}


class Command(BaseCommand):
    help = "Local development only: make sure an 'admin' superuser exists and print its login."

    def handle(self, *args: Any, **options: Any) -> None:
        """The command exists only under the development settings (the devtools app). The demo runs with DEBUG
        off, so what keeps a known password off a shared database is where the database is: on this machine
        (loopback or a socket), or refused."""
        host = str(connection.settings_dict.get("HOST") or "")
        if host not in LOCAL_HOSTS and not host.startswith("/"):
            raise CommandError(f"Refusing: ensure_local_admin is for a database on this machine, not {host}.")
        password_file = Path(settings.BASE_DIR) / "var" / "admin-password.txt"
        password_file.parent.mkdir(parents=True, exist_ok=True)
        if not password_file.exists():
            password_file.write_text(secrets.token_urlsafe(12))
            password_file.chmod(0o600)
        password = password_file.read_text().strip()
        user, _ = get_user_model().objects.get_or_create(
            username="admin", defaults={"is_staff": True, "is_superuser": True, "email": "admin@localhost"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        self.stdout.write(f"  admin login: admin / {password}")
