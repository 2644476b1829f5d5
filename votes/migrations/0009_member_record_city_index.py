from django.db import migrations

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    dependencies = [("votes", "0008_member_voting_summary_names")]
    operations = [run_sql_file(__file__, "0009_member_record_city_index")]
