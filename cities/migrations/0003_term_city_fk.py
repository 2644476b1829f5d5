from django.db import migrations

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    dependencies = [("cities", "0002_audit_log")]
    operations = [run_sql_file(__file__, "0003_term_city_fk")]
