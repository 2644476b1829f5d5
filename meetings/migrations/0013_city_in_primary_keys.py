import django.db.models.deletion
from django.db import migrations, models

from cities.sqlfiles import run_sql_file

ITEM_CITY = """
UPDATE meetings_agendaitemcategory link SET city_id = item.city_id
FROM meetings_agendaitem item WHERE item.id = link.agenda_item_id
"""


def unique(model_name: str, name: str, fields: list[str]) -> list[migrations.operations.base.Operation]:
    """The unique constraint `name` again, over `fields`."""
    return [
        migrations.RemoveConstraint(model_name=model_name, name=name),
        migrations.AddConstraint(model_name=model_name, constraint=models.UniqueConstraint(fields=fields, name=name)),
    ]


class Migration(migrations.Migration):
    dependencies = [
        ("cities", "0013_city_in_primary_keys"),
        ("meetings", "0012_same_city_keys_only"),
        # The vote's single-column foreign key onto agenda items is gone first.
        ("votes", "0010_same_city_keys_only"),
    ]
    operations = [
        migrations.AddField(
            model_name="agendaitemcategory",
            name="city",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.PROTECT, related_name="+", to="cities.city"
            ),
        ),
        migrations.RunSQL(ITEM_CITY, reverse_sql=migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="agendaitemcategory",
            name="city",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="+", to="cities.city"),
        ),
        *unique("agendaitemcategory", "item_category_unique", ["agenda_item", "category", "city"]),
        *unique("attendance", "attendance_unique_member", ["meeting", "member", "city"]),
        *unique("mattertext", "matter_text_unique_version", ["matter", "version", "city"]),
        migrations.SeparateDatabaseAndState(
            # The primary key (id, city_id) is now what these constraints were.
            state_operations=[
                migrations.RemoveConstraint(model_name="meeting", name="meeting_id_city_key"),
                migrations.RemoveConstraint(model_name="agendaitem", name="item_id_city_key"),
                migrations.RemoveConstraint(model_name="matter", name="matter_id_city_key"),
            ],
            database_operations=[run_sql_file(__file__, "0013_city_in_primary_keys")],
        ),
    ]
