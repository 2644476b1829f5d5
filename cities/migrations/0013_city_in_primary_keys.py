from django.db import migrations

from cities.sqlfiles import run_sql_file


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0012_same_city_keys_only"),
        # Their single-column foreign keys onto bodies and members are gone first.
        ("meetings", "0012_same_city_keys_only"),
        ("votes", "0010_same_city_keys_only"),
    ]
    operations = [
        migrations.SeparateDatabaseAndState(
            # The primary key (id, city_id) is now what these constraints were.
            state_operations=[
                migrations.RemoveConstraint(model_name="body", name="body_id_city_key"),
                migrations.RemoveConstraint(model_name="councilmember", name="member_id_city_key"),
            ],
            database_operations=[run_sql_file(__file__, "0013_city_in_primary_keys")],
        )
    ]
