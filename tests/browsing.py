"""What every browser test shares: where screenshots go, the phone viewport, the WCAG check."""

from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
PHONE = {"width": 390, "height": 844}


def violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page, one readable line each (empty when clean)."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": AA_TAGS}})
    return [f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
            for v in results.response["violations"]]


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def seed_demo_for_the_browser(migrated_data, **options):
    """The demo organisation, committed so that the live server sees it; the migrations' data is put back first
    when an earlier test's flush removed it."""
    import io

    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connections

    from duo.organisation.models import Region

    if not Region.objects.exists():
        assert migrated_data, "the test database was created without serializing its data"
        # The flush recreated content types under other ids: the serialized ones replace them.
        Permission.objects.all().delete()
        ContentType.objects.all().delete()
        ContentType.objects.clear_cache()
        connections["default"].creation.deserialize_db_from_string(migrated_data)
        ContentType.objects.clear_cache()
    call_command("seed_demo", **{"duos": 300, "seed": 5, **options}, stdout=io.StringIO(), stderr=io.StringIO())


def log_in(page, live_server, user, path, password=None):
    """Open a staff page, log in on the form it redirects to (whatever the language) and land back on it."""
    from .factories import PASSWORD

    page.goto(f"{live_server.url}{path}")
    page.fill("#id_username", user.email)
    page.fill("#id_password", password or PASSWORD)
    page.locator("main button[type=submit]").click()
    page.wait_for_url(f"**{path}")
