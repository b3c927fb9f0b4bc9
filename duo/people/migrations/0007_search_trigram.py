"""Trigram indexes behind the staff search on PostgreSQL.

The search matches any part of a first name, last name or email (`icontains`, i.e. `UPPER(col) LIKE '%term%'`),
which no b-tree can serve: at 100,000 people each search read a whole antenna's rows twice (list and count),
~110 ms each. A GIN index with pg_trgm's operator class on the same `UPPER(col::text)` expression answers it
from the index. SQLite has no such index and needs none at its sizes; a PostgreSQL role that may not create the
extension gets a warning and a slower search, not a failed deployment."""

import logging

from django.db import migrations, transaction

COLUMNS = ("first_name", "last_name", "email")
logger = logging.getLogger(__name__)


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    try:
        with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
            cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except Exception as error:  # a role without the right to create it: the search stays correct, only slower
        logger.warning("pg_trgm is not available (%s): people search runs without trigram indexes", error)
        return
    with connection.cursor() as cursor:
        for column in COLUMNS:
            cursor.execute(f"CREATE INDEX IF NOT EXISTS people_person_{column}_trgm ON people_person "
                           f"USING gin (UPPER({column}::text) gin_trgm_ops)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        for column in COLUMNS:
            cursor.execute(f"DROP INDEX IF EXISTS people_person_{column}_trgm")


class Migration(migrations.Migration):

    dependencies = [("people", "0006_person_link_generation")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
