from django.db import migrations

REGIONS = [
    ("brussels", "BE", "Région de Bruxelles-Capitale", "Brussels Hoofdstedelijk Gewest", "Brussels-Capital Region", "04000"),
    ("wallonia", "BE", "Région wallonne", "Waals Gewest", "Walloon Region", "03000"),
    ("flanders", "BE", "Région flamande", "Vlaams Gewest", "Flemish Region", "02000"),
    ("ile-de-france", "FR", "Île-de-France", "Île-de-France", "Île-de-France", ""),
]


def add_regions(apps, schema_editor):
    Region = apps.get_model("organisation", "Region")
    for code, country, fr, nl, en, belgica_id in REGIONS:
        Region.objects.update_or_create(
            code=code, defaults={"country": country, "name_fr": fr, "name_nl": nl, "name_en": en, "belgica_id": belgica_id}
        )


class Migration(migrations.Migration):
    dependencies = [("organisation", "0001_initial")]
    operations = [migrations.RunPython(add_regions, migrations.RunPython.noop)]
