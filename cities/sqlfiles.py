"""Reading the named .sql files that raw-SQL migrations and hot queries run."""

from pathlib import Path

from django.db import migrations


def read_sql(anchor: str, name: str) -> str:
    """Text of `sql/<name>` beside the module file `anchor` (pass `__file__`)."""
    return (Path(anchor).resolve().parent / "sql" / name).read_text()


def run_sql_file(anchor: str, stem: str) -> migrations.RunSQL:
    """RunSQL of `sql/<stem>.up.sql`, reversed by `sql/<stem>.down.sql`."""
    return migrations.RunSQL(sql=read_sql(anchor, f"{stem}.up.sql"), reverse_sql=read_sql(anchor, f"{stem}.down.sql"))
