from django.db import migrations

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    dependencies = [("votes", "0004_member_voting_summary")]
    operations = [run_sql_file(__file__, "0005_member_agreement")]
