"""Permission-matrix entries for the staff pages of publications; see tests/test_permission_matrix.py.

Administrators, coordinators, officers and researchers read every page, preview, download the PDF and comment
(PUBLICATIONS_VIEW); administrators and officers write (PUBLICATIONS_CHANGE); viewers get 403 everywhere. The
capability is checked before the object is looked up, so an unknown object is 404 only for those who may use the
page. Every POST here is empty, refused by the workflow, or a move that changes nothing (the first section up),
so the pages answer the same to every role in turn.
"""

from tests.matrix_levels import expect

READ = expect(302, 200, 200, 200, 200, 403)
READ_REDIRECT = expect(302, 302, 302, 302, 302, 403)
READ_MISSING = expect(302, 404, 404, 404, 404, 403)
WRITE = expect(302, 200, 403, 200, 403, 403)
# Refused by the workflow, or a published version's page asked to change: back to the version with a message.
WRITE_REDIRECT = expect(302, 302, 403, 302, 403, 403)
WRITE_MISSING = expect(302, 404, 403, 404, 403, 403)
WRITE_GET = expect(302, 405, 403, 405, 403, 403)


def _v(key, **extra):
    return lambda o: {"slug": o[key].publication.slug, "number": o[key].number, **extra}


def _section(key="pub_section", **extra):
    return lambda o: {"slug": o["pub_draft"].publication.slug, "number": o["pub_draft"].number, "pk": o[key].pk,
                      **extra}


ENTRIES: dict = {
    "publications:list": [("the list", "get", None, READ)],
    "publications:create": [
        ("the form", "get", None, WRITE),
        ("posted empty", "post", None, WRITE),
    ],
    "publications:publication": [
        ("a publication: to its latest version", "get", lambda o: {"slug": o["pub_draft"].publication.slug},
         READ_REDIRECT),
        ("no such publication", "get", lambda o: {"slug": "no-such-publication"}, READ_MISSING),
    ],
    "publications:new_version": [
        ("a draft is already open", "post", lambda o: {"slug": o["pub_draft"].publication.slug}, WRITE_REDIRECT),
        ("asked by GET", "get", lambda o: {"slug": o["pub_published"].publication.slug}, WRITE_GET),
        ("no such publication", "post", lambda o: {"slug": "no-such-publication"}, WRITE_MISSING),
    ],
    "publications:version": [
        ("a draft", "get", _v("pub_draft"), READ),
        ("a published version", "get", _v("pub_published"), READ),
        ("no such version", "get", _v("pub_draft", number=99), READ_MISSING),
    ],
    "publications:version_edit": [
        ("a draft's titles", "get", _v("pub_draft"), WRITE),
        ("posted empty", "post", _v("pub_draft"), WRITE),
        ("a published version", "get", _v("pub_published"), WRITE_REDIRECT),
        ("no such version", "get", _v("pub_draft", number=99), WRITE_MISSING),
    ],
    "publications:version_snapshot": [
        ("posted empty", "post", _v("pub_draft"), WRITE_REDIRECT),
        ("no such version", "post", _v("pub_draft", number=99), WRITE_MISSING),
    ],
    "publications:workflow": [
        ("publish a draft (refused: review first)", "post", _v("pub_draft", action="publish"), WRITE_REDIRECT),
        ("asked by GET", "get", _v("pub_draft", action="submit"), WRITE_GET),
        ("no such step", "post", _v("pub_draft", action="shred"), WRITE_MISSING),
    ],
    "publications:section_add": [
        ("a text's form", "get", _v("pub_draft", kind="text"), WRITE),
        ("a figure, posted empty", "post", _v("pub_draft", kind="figure"), WRITE),
        ("to a published version", "get", _v("pub_published", kind="text"), WRITE_REDIRECT),
        ("no such kind", "get", _v("pub_draft", kind="poem"), WRITE_MISSING),
    ],
    "publications:section_edit": [
        ("a section", "get", _section(), WRITE),
        ("no such section", "get", lambda o: {**_section()(o), "pk": 999999}, WRITE_MISSING),
    ],
    "publications:section_delete": [
        ("the confirmation", "get", _section(), WRITE),
        ("no such section", "post", lambda o: {**_section()(o), "pk": 999999}, WRITE_MISSING),
    ],
    "publications:section_move": [
        ("the first section up: nothing moves", "post", _section(direction="up"), WRITE_REDIRECT),
        ("asked by GET", "get", _section(direction="down"), WRITE_GET),
        ("no such direction", "post", _section(direction="sideways"), WRITE_MISSING),
    ],
    "publications:comment_add": [
        ("posted empty", "post", _v("pub_draft"), READ),
        ("no such version", "post", _v("pub_draft", number=99), READ_MISSING),
    ],
    "publications:comment_resolve": [
        # The officer's comment: writers resolve anyone's, readers only their own.
        ("someone else's comment", "post", lambda o: {**_v("pub_draft")(o), "pk": o["pub_comment"].pk},
         WRITE_REDIRECT),
        ("no such comment", "post", lambda o: {**_v("pub_draft")(o), "pk": 999999}, READ_MISSING),
    ],
    "publications:preview": [
        ("a draft in French", "get", _v("pub_draft", lang="fr"), READ),
        ("a language the version is not written in", "get", _v("pub_draft", lang="nl"), READ_MISSING),
        ("no such language", "get", _v("pub_draft", lang="de"), READ_MISSING),
    ],
    "publications:pdf": [
        ("a published version in English", "get", _v("pub_published", lang="en"), READ),
        ("no such language", "get", _v("pub_published", lang="xx"), READ_MISSING),
    ],
}


def objects(base: dict) -> dict:
    from duo.accounts.roles import Role
    from duo.publications import services

    officer = base["users"][Role.OFFICER]
    texts = {f"{stem}_{lang}": f"{stem} {lang}" for stem in ("title", "summary", "heading", "body")
             for lang in ("fr", "en")}
    version_texts = {k: v for k, v in texts.items() if k.startswith(("title", "summary"))}
    section_texts = {k: v for k, v in texts.items() if k.startswith(("heading", "body"))}
    draft = services.publication_create(by=officer, slug="matrix-draft", kind="memorandum", languages="fr,en",
                                        **version_texts).latest
    section = services.section_add(version=draft, by=officer, kind="text", **section_texts)
    services.section_add(version=draft, by=officer, kind="recommendations", **section_texts)
    comment = services.comment_add(version=draft, by=officer, text="Which year do these figures cover?")
    published = services.publication_create(by=officer, slug="matrix-published", kind="factsheet",
                                            languages="fr,en", **version_texts).latest
    services.section_add(version=published, by=officer, kind="text", **section_texts)
    services.version_submit(version=published, by=officer)
    services.version_publish(version=published, by=officer)
    published.refresh_from_db()
    return {"pub_draft": draft, "pub_section": section, "pub_comment": comment, "pub_published": published}
