"""Each response keeps the sum and count of its agreement-scale answers per scale (see logic.scale_scores), so
the impact snapshot reads one row per response instead of every answer. Responses stored before get theirs here."""

import json

from django.db import migrations, models
from django.db.models import Count, Sum

BATCH = 5_000


def backfill(apps, schema_editor):
    Answer = apps.get_model("survey", "Answer")
    Response = apps.get_model("survey", "Response")
    rows = (Answer.objects.filter(question__type="likert5", number__isnull=False).exclude(question__scale="")
            .order_by("response_id", "question__scale").values("response_id", "question__scale")
            .annotate(total=Sum("number"), n=Count("id")).values_list("response_id", "question__scale", "total", "n"))
    connection = schema_editor.connection
    # Raw executemany: a million responses updated one ORM query each would take minutes.
    value = "CAST(%s AS jsonb)" if connection.vendor == "postgresql" else "%s"
    sql = f"UPDATE {connection.ops.quote_name(Response._meta.db_table)} SET scores = {value} WHERE id = %s"
    batch, current, scores = [], None, {}
    with connection.cursor() as cursor:
        for response_id, scale, total, n in rows.iterator(chunk_size=BATCH):
            if response_id != current:
                if current is not None:
                    batch.append((json.dumps(scores), current))
                current, scores = response_id, {}
            scores[scale] = [float(total), n]
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                batch = []
        if current is not None:
            batch.append((json.dumps(scores), current))
        if batch:
            cursor.executemany(sql, batch)


class Migration(migrations.Migration):

    dependencies = [
        ("survey", "0003_invitation_token_sealed"),
    ]

    operations = [
        migrations.AddField(
            model_name="response",
            name="scores",
            field=models.JSONField(blank=True, default=dict, editable=False, verbose_name="scale scores"),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True),
    ]
