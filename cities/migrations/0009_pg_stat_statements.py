"""pg_stat_statements, where the server can have it: the view behind `top_queries` and the admin's Top
queries page. A role that may not create extensions (a managed database's app role) leaves a notice and the
page says how to enable it; the migration does not fail for it."""

from django.db import migrations

CREATE = """
DO $$
BEGIN
    CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
EXCEPTION WHEN OTHERS THEN
    RAISE NOTICE 'pg_stat_statements not created: %', SQLERRM;
END
$$;
"""


class Migration(migrations.Migration):
    dependencies = [("cities", "0008_city_requests311_retention")]

    operations = [migrations.RunSQL(CREATE, reverse_sql="DROP EXTENSION IF EXISTS pg_stat_statements;")]
