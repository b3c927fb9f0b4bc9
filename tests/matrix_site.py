"""Permission-matrix entries for the public site (advocacy, publications, cards) and the advocacy page's editor;
see tests/test_permission_matrix.py.

The public pages answer every role alike: 200, or 404 for what is not published (a draft, an unknown publication,
a section of another publication, a language the version is not published in). The editor needs
PUBLICATIONS_CHANGE (administrators and officers).
"""

from tests.matrix_levels import ALL_OK, expect

NONE = expect(404, 404, 404, 404, 404, 404)
EDIT = expect(302, 200, 403, 200, 403, 403)


def _brief(o):
    return o["site_brief"].publication.slug


def _section(kind):
    return lambda o: o["site_brief"].sections.get(kind=kind).pk


_FIGURE, _KEYS = _section("figure"), _section("key_figures")

ENTRIES: dict = {
    "site:advocacy": [("the advocacy page", "get", None, ALL_OK)],
    "site:publications": [("the list", "get", None, ALL_OK)],
    "site:publication": [
        ("a published publication", "get", lambda o: {"slug": _brief(o)}, ALL_OK),
        ("a publication never published", "get", lambda o: {"slug": o["site_draft"].publication.slug}, NONE),
        ("no such publication", "get", lambda o: {"slug": "no-such-publication"}, NONE),
    ],
    "site:publication_version": [
        ("its published version", "get", lambda o: {"slug": _brief(o), "number": 1}, ALL_OK),
        ("a draft version", "get", lambda o: {"slug": o["site_draft"].publication.slug, "number": 1}, NONE),
        ("no such version", "get", lambda o: {"slug": _brief(o), "number": 99}, NONE),
    ],
    "site:publication_pdf": [
        ("its PDF in a language it is published in", "get",
         lambda o: {"slug": _brief(o), "filename": f"{_brief(o)}-en"}, ALL_OK),
        ("a language it is not published in", "get",
         lambda o: {"slug": _brief(o), "filename": f"{_brief(o)}-nl"}, NONE),
    ],
    "site:publication_version_pdf": [
        ("a version's PDF", "get", lambda o: {"slug": _brief(o), "number": 1, "filename": f"{_brief(o)}-fr"},
         ALL_OK),
        ("a draft's PDF", "get", lambda o: {"slug": o["site_draft"].publication.slug, "number": 1,
                                            "filename": f"{o['site_draft'].publication.slug}-fr"}, NONE),
    ],
    "site:publication_data": [
        ("a figure's CSV", "get", lambda o: {"slug": _brief(o), "section": _FIGURE(o), "fmt": "csv"}, ALL_OK),
        ("key figures as JSON", "get", lambda o: {"slug": _brief(o), "section": _KEYS(o), "fmt": "json"}, ALL_OK),
        ("an unknown format", "get", lambda o: {"slug": _brief(o), "section": _FIGURE(o), "fmt": "xlsx"}, NONE),
        ("a draft's section", "get", lambda o: {"slug": o["site_draft"].publication.slug,
                                                "section": o["site_draft"].sections.first().pk, "fmt": "csv"}, NONE),
    ],
    "site:publication_card": [
        ("a key figure's card (SVG)", "get",
         lambda o: {"slug": _brief(o), "section": _KEYS(o), "index": 0, "fmt": "svg"}, ALL_OK),
        ("a key figure's card (PNG)", "get",
         lambda o: {"slug": _brief(o), "section": _KEYS(o), "index": 0, "fmt": "png"}, ALL_OK),
        ("no such key figure", "get",
         lambda o: {"slug": _brief(o), "section": _KEYS(o), "index": 9, "fmt": "svg"}, NONE),
    ],
    "site:card": [
        ("a live key figure (SVG)", "get", lambda o: {"indicator": "positive_exit_12m", "fmt": "svg"}, ALL_OK),
        ("a live key figure (PNG)", "get", lambda o: {"indicator": "duo_reached_term", "fmt": "png"}, ALL_OK),
        ("not a key figure of the page", "get", lambda o: {"indicator": "no_such_indicator", "fmt": "svg"}, NONE),
    ],
    "site:card_default": [
        ("the default card", "get", lambda o: {"fmt": "png"}, ALL_OK),
        ("an unknown format", "get", lambda o: {"fmt": "gif"}, NONE),
    ],
    "site_staff:advocacy": [
        ("the editor", "get", None, EDIT),
        # Posted empty: every text back to its default, no key figure chosen; saved, back to the editor.
        ("posted empty", "post", None, expect(302, 302, 403, 302, 403, 403)),
    ],
}


def objects(base: dict) -> dict:
    from duo.accounts.roles import Role
    from duo.impact import snapshot as snapshots
    from duo.publications import services
    from duo.publications.models import SectionKind

    officer = base["users"][Role.OFFICER]
    snapshots.latest() or snapshots.snapshot_take(note="permission matrix")
    texts = {f"{stem}_{lang}": f"{stem} {lang}" for stem in ("title", "summary") for lang in ("fr", "en")}
    headings = {f"heading_{lang}": f"Heading {lang}" for lang in ("fr", "en")}
    brief = services.publication_create(by=officer, slug="matrix-brief", kind="factsheet", languages="fr,en",
                                        **texts).latest
    services.section_add(version=brief, by=officer, kind=SectionKind.FIGURE, indicator="duo_reached_term",
                         breakdown="antenna", **headings)
    services.section_add(version=brief, by=officer, kind=SectionKind.KEY_FIGURES, items=[
        {"indicator": "positive_exit_12m"}], **headings)
    services.version_submit(version=brief, by=officer)
    services.version_publish(version=brief, by=officer)
    draft = services.publication_create(by=officer, slug="matrix-site-draft", kind="memorandum", **texts).latest
    services.section_add(version=draft, by=officer, kind=SectionKind.TEXT, body_fr="x", body_en="x", **headings)
    return {"site_brief": brief, "site_draft": draft}
