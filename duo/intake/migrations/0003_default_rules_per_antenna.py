from django.db import migrations


def default_rules(apps, schema_editor):
    """Each antenna gets its rules as a row an administrator can edit, with the programme's defaults."""
    Antenna = apps.get_model("organisation", "Antenna")
    EligibilityRules = apps.get_model("intake", "EligibilityRules")
    have = set(EligibilityRules.objects.values_list("antenna_id", flat=True))
    EligibilityRules.objects.bulk_create(
        [EligibilityRules(antenna_id=pk) for pk in Antenna.objects.exclude(pk__in=have).values_list("pk", flat=True)]
    )


class Migration(migrations.Migration):
    dependencies = [("intake", "0002_pipeline_indexes_interview_answers"), ("organisation", "0002_regions")]
    operations = [migrations.RunPython(default_rules, migrations.RunPython.noop)]
