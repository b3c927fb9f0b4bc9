from django.db import migrations


def forwards(apps, schema_editor):
    from duo.testimony.themes import ensure_themes

    ensure_themes(apps.get_model("testimony", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("testimony", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
