from django.db import migrations

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    """Monthly RANGE-partitioned audit log (the model is unmanaged; the table is this SQL)."""

    dependencies = [("cities", "0001_initial")]
    operations = [run_sql_file(__file__, "0002_audit_log")]
