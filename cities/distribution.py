"""Where each table would live in a distributed PostgreSQL (Citus) sharded by city_id.

Citus is not packaged for this Debian, so nothing here runs against it. tests/cities/test_distribution.py
holds the schema to the rules such a move needs, and `manage.py citus_plan` prints the calls it would run.

- Distributed by city_id: the tables that grow with a city. A city's rows then live together on one node,
  and a page's joins stay on that node, because every key between two of them carries city_id.
- Reference: small tables every node keeps whole (cities, categories, API keys, users and permissions).
- Local: tables only the coordinator needs and no distributed table points at (sessions, migrations,
  login throttling, the audit log, whose rows need not have a city).
"""

from __future__ import annotations

# In the order they can be distributed: each after the tables its foreign keys point at.
DISTRIBUTED_TABLES = (
    "cities_body",
    "cities_councilmember",
    "cities_membership",
    "cities_datasynclog",
    "cities_correction",
    "meetings_meeting",
    "meetings_matter",
    "meetings_agendaitem",
    "meetings_agendaitemcategory",
    "meetings_document",
    "meetings_attendance",
    "meetings_minutesdocument",
    "meetings_meetingpage",
    "meetings_mattersponsor",
    "meetings_matteraction",
    "meetings_matterattachment",
    "meetings_mattertext",
    "votes_vote",
    "votes_membervote",
    "votes_votevaluemapping",
    "requests311_service",
    "requests311_servicerequest",
    "requests311_statuschange",
)
REFERENCE_TABLES = (
    "cities_city",
    "cities_category",
    "cities_apikey",
    "cities_staffcityassignment",
    "django_content_type",
    "auth_permission",
    "auth_group",
    "auth_group_permissions",
    "auth_user",
    "auth_user_groups",
    "auth_user_user_permissions",
)
LOCAL_TABLES = (
    "django_migrations",
    "django_session",
    "django_admin_log",
    "axes_accessattempt",
    "axes_accessattemptexpiration",
    "axes_accessfailurelog",
    "axes_accesslog",
    "cities_auditentry",
)
DISTRIBUTION_COLUMN = "city_id"


def citus_statements() -> list[str]:
    """The calls that would move the schema onto Citus: reference tables first, which distributed tables
    point at, then the distributed tables, all co-located with the first so a city's rows share a node."""
    first = DISTRIBUTED_TABLES[0]
    return [
        *(f"SELECT create_reference_table('{table}');" for table in REFERENCE_TABLES),
        f"SELECT create_distributed_table('{first}', '{DISTRIBUTION_COLUMN}');",
        *(
            f"SELECT create_distributed_table('{table}', '{DISTRIBUTION_COLUMN}', colocate_with => '{first}');"
            for table in DISTRIBUTED_TABLES[1:]
        ),
    ]
