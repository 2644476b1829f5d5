from django.db import migrations

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    """HASH-partitioned member votes (the model is unmanaged; the table is this SQL)."""

    dependencies = [("votes", "0001_initial"), ("cities", "0001_initial")]
    operations = [run_sql_file(__file__, "0002_member_votes")]
