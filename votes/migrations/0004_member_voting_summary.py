from django.db import migrations

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    dependencies = [("votes", "0003_vote_same_city_fk")]
    operations = [run_sql_file(__file__, "0004_member_voting_summary")]
