from django.db import migrations

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    dependencies = [("meetings", "0002_same_city_fks")]
    operations = [run_sql_file(__file__, "0003_item_title_trigram")]
