from django.db import migrations

from duo.matching.types import DEFAULT_WEIGHTS


def default_settings(apps, schema_editor):
    """Each antenna gets its matching settings as a row an administrator can edit, with the defaults."""
    Antenna = apps.get_model("organisation", "Antenna")
    MatchingSettings = apps.get_model("matching", "MatchingSettings")
    have = set(MatchingSettings.objects.values_list("antenna_id", flat=True))
    MatchingSettings.objects.bulk_create([
        MatchingSettings(antenna_id=pk, weights=dict(DEFAULT_WEIGHTS))
        for pk in Antenna.objects.exclude(pk__in=have).values_list("pk", flat=True)
    ])


class Migration(migrations.Migration):
    dependencies = [("matching", "0001_initial"), ("organisation", "0002_regions")]
    operations = [migrations.RunPython(default_settings, migrations.RunPython.noop)]
