from django.db import migrations

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    dependencies = [("meetings", "0014_title_search_upper_trigram")]
    operations = [run_sql_file(__file__, "0015_same_city_keys_no_action")]
