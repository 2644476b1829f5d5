"""The demo's admin login: made on a database on this machine, refused on any other."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

pytestmark = pytest.mark.django_db


def test_the_local_admin_is_made_with_the_password_kept_in_var(settings, tmp_path, capsys):
    settings.BASE_DIR = tmp_path
    call_command("ensure_local_admin")
    password = (tmp_path / "var" / "admin-password.txt").read_text().strip()
    assert f"admin / {password}" in capsys.readouterr().out
    assert get_user_model().objects.get(username="admin").check_password(password)


def test_a_database_on_another_machine_gets_no_admin(settings, tmp_path, monkeypatch):
    settings.BASE_DIR = tmp_path
    monkeypatch.setitem(connection.settings_dict, "HOST", "db.example.org")
    with pytest.raises(CommandError, match=r"db\.example\.org"):
        call_command("ensure_local_admin")
    assert not get_user_model().objects.filter(username="admin").exists()
