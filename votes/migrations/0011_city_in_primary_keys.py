from django.db import migrations

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    dependencies = [("votes", "0010_same_city_keys_only"), ("cities", "0012_same_city_keys_only")]
    operations = [run_sql_file(__file__, "0011_city_in_primary_keys")]
