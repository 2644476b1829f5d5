from django.db import migrations

from cities.sqlfiles import run_sql_statements


class Migration(migrations.Migration):
    atomic = False  # CREATE INDEX CONCURRENTLY
    dependencies = [("meetings", "0013_city_in_primary_keys")]
    operations = [run_sql_statements(__file__, "0014_title_search_upper_trigram")]
