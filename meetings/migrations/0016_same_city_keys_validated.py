from django.db import migrations

from cities.sqlfiles import run_sql_statements


class Migration(migrations.Migration):
    atomic = False  # one VALIDATE CONSTRAINT per transaction
    dependencies = [("meetings", "0015_same_city_keys_no_action")]
    operations = [run_sql_statements(__file__, "0016_same_city_keys_validated")]
