from django.db import migrations

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    dependencies = [("requests311", "0002_near_me_index"), ("cities", "0012_same_city_keys_only")]
    operations = [run_sql_file(__file__, "0003_city_in_primary_keys")]
