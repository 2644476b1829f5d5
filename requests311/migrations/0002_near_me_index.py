from django.db import migrations

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    dependencies = [("requests311", "0001_initial")]
    operations = [run_sql_file(__file__, "0002_near_me_index")]
