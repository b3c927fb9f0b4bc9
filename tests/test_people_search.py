"""The staff search: any part of a name or an email, whatever the case, every word must match — and on
PostgreSQL the trigram indexes can serve exactly the SQL Django writes for it (at 100,000 people a search
that reads the antenna's rows took ~110 ms twice per page; see people/migrations/0007)."""

import pytest
from django.db import connection
from django.urls import reverse

from duo.accounts.roles import Role
from duo.people.queries import people_search

from .factories import PersonFactory


def test_a_coordinator_finds_people_by_any_part_of_a_name_or_email(client, users, antenna):
    amina = PersonFactory(antenna=antenna, first_name="Amina", last_name="Benali", email="a.benali@example.org")
    PersonFactory(antenna=antenna, first_name="Bram", last_name="Peeters", email="bram.p@example.org")
    client.force_login(users[Role.COORDINATOR])

    def found(q):
        return [p.pk for p in client.get(reverse("people:list"), {"q": q}).context["page"]]

    assert found("ENAL") == [amina.pk]  # inside the last name, other case
    assert found("a.ben") == [amina.pk]  # inside the email
    assert found("amina benali") == [amina.pk]  # every word must match
    assert found("amina peeters") == []


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes exist on PostgreSQL only")
def test_the_trigram_indexes_can_serve_the_search_django_writes(users):
    """If Django's SQL for icontains ever stopped matching the indexed expression, the indexes would silently
    serve nothing: forbid the other scans and the plan must use them."""
    sql, params = people_search(users[Role.ADMINISTRATOR], q="peet").query.sql_with_params()
    with connection.cursor() as cursor:
        # Only bitmap scans left: a b-tree cannot answer LIKE '%x%' that way, a matching trigram index can.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    for column in ("first_name", "last_name", "email"):
        assert f"people_person_{column}_trgm" in plan, plan
