from django.db import migrations

from duo.reference.loaders import load_belgian_municipalities, load_builtin_isco


def load(apps, schema_editor):
    load_belgian_municipalities(
        apps.get_model("reference", "Municipality"), apps.get_model("reference", "PostalCode"),
        apps.get_model("organisation", "Region"),
    )
    load_builtin_isco(apps.get_model("reference", "Occupation"))


class Migration(migrations.Migration):
    dependencies = [("reference", "0001_initial"), ("organisation", "0002_regions")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
