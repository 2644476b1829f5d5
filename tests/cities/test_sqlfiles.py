"""Named .sql files split into statements for migrations that run one statement per transaction."""

from cities.sqlfiles import sql_statements


def test_each_statement_ends_at_a_semicolon_ending_a_line():
    text = "-- why\nCREATE INDEX CONCURRENTLY a ON t (x);\nDROP INDEX CONCURRENTLY b;  \nANALYZE t;\n"
    assert sql_statements(text) == [
        "-- why\nCREATE INDEX CONCURRENTLY a ON t (x)",
        "DROP INDEX CONCURRENTLY b",
        "ANALYZE t",
    ]


def test_a_stretch_of_comments_alone_is_no_statement():
    assert sql_statements("SELECT 1;\n-- the end\n") == ["SELECT 1"]
