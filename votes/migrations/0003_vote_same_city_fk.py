from django.db import migrations

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    dependencies = [("votes", "0002_member_votes"), ("meetings", "0002_same_city_fks")]
    operations = [run_sql_file(__file__, "0003_vote_same_city_fk")]
