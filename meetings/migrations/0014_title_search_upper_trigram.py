from django.db import migrations

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    dependencies = [("meetings", "0013_city_in_primary_keys")]
    operations = [run_sql_file(__file__, "0014_title_search_upper_trigram")]
