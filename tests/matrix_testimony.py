"""Permission-matrix entries for testimonies; see tests/test_permission_matrix.py.

Testimonies have capabilities of their own: administrators, coordinators (their antennas' authors)
and officers (every antenna) read and change them; researchers and viewers do not. Choosing an
author among people's files (adding, or from a survey answer) also needs PEOPLE_CHANGE, which
officers lack. The author's page answers the same to every role: 200 for their link, 404 for a
forged one or someone else's testimony. Every POST here is empty or aims at nothing, so it changes
nothing.
"""

from tests.matrix_levels import ALL_OK, FOREIGN_WRITE, PEOPLE_WRITE, expect

READ = expect(302, 200, 200, 200, 403, 403)
FOREIGN = expect(302, 200, 404, 200, 403, 403)
MISSING = expect(302, 404, 404, 404, 403, 403)
MISSING_PEOPLE = expect(302, 404, 404, 403, 403, 403)
POSTED_BACK = expect(302, 302, 302, 302, 403, 403)
NOT_FOUND = expect(404, 404, 404, 404, 404, 404)
FORGED = "made-up:signature"


def _pk(key):
    return lambda o: {"pk": o[key].pk}


def _voice(pk_key=None, token_key="testimony_token"):
    if pk_key is None:
        return lambda o: {"token": o[token_key]}
    return lambda o: {"token": o[token_key], "pk": o[pk_key].pk}


def _per_testimony():
    return [
        ("own antenna", "get", _pk("testimony_own"), READ),
        ("other antenna", "get", _pk("testimony_foreign"), FOREIGN),
        ("own antenna, posted empty", "post", _pk("testimony_own"), READ),
        ("other antenna, posted empty", "post", _pk("testimony_foreign"), FOREIGN),
        ("no such testimony", "get", lambda o: {"pk": 999999}, MISSING),
    ]


ENTRIES: dict = {
    "testimony:library": [("the library", "get", None, READ)],
    "testimony:add": [
        ("the form", "get", None, PEOPLE_WRITE),
        ("posted empty", "post", None, PEOPLE_WRITE),
    ],
    "testimony:from_answer": [
        ("own antenna's answer", "get", lambda o: {"answer_pk": o["testimony_answer_own"].pk}, PEOPLE_WRITE),
        ("other antenna's answer", "get", lambda o: {"answer_pk": o["testimony_answer_foreign"].pk}, FOREIGN_WRITE),
        ("own antenna's answer, posted empty", "post", lambda o: {"answer_pk": o["testimony_answer_own"].pk},
         PEOPLE_WRITE),
        ("no such answer", "get", lambda o: {"answer_pk": 999999}, MISSING_PEOPLE),
    ],
    "testimony:detail": [
        ("own antenna", "get", _pk("testimony_own"), READ),
        ("other antenna", "get", _pk("testimony_foreign"), FOREIGN),
        ("no such testimony", "get", lambda o: {"pk": 999999}, MISSING),
    ],
    # A photo the author agreed to show (full name and photo); a testimony without one is 404 alike.
    "testimony:photo": [
        ("own antenna", "get", _pk("testimony_photo_own"), READ),
        ("other antenna", "get", _pk("testimony_photo_foreign"), FOREIGN),
        ("own antenna, no photo", "get", _pk("testimony_own"), MISSING),
        ("no such testimony", "get", lambda o: {"pk": 999999}, MISSING),
    ],
    "testimony:edit": _per_testimony(),
    "testimony:translate": _per_testimony(),
    "testimony:check": _per_testimony(),
    "testimony:withdraw": _per_testimony(),
    "testimony:sets": [
        ("the sets", "get", None, READ),
        ("posted empty", "post", None, READ),
    ],
    "testimony:set": [
        ("a set", "get", _pk("testimony_set"), READ),
        ("no such set", "get", lambda o: {"pk": 999999}, MISSING),
    ],
    "testimony:set_add": [
        ("posted empty", "post", _pk("testimony_set"), POSTED_BACK),
        ("no such set", "post", lambda o: {"pk": 999999}, MISSING),
    ],
    "testimony:set_remove": [
        ("no such item", "post", lambda o: {"pk": o["testimony_set"].pk, "item_pk": 999999}, MISSING),
    ],
    "testimony:sheet": [
        ("a set's sheet", "get", _pk("testimony_set"), READ),
        ("no such set", "get", lambda o: {"pk": 999999}, MISSING),
    ],
    "testimony:export": [
        ("a set's quotes as CSV", "get", _pk("testimony_set"), READ),
        ("no such set", "get", lambda o: {"pk": 999999}, MISSING),
    ],
    "testimony:voice": [
        ("the author's link", "get", _voice(), ALL_OK),
        ("forged link", "get", lambda o: {"token": FORGED}, NOT_FOUND),
    ],
    "testimony:voice_withdraw": [
        ("own testimony", "get", _voice("testimony_own"), ALL_OK),
        ("own testimony, posted without confirming", "post", _voice("testimony_own"), ALL_OK),
        ("someone else's testimony", "post", _voice("testimony_foreign"), NOT_FOUND),
        ("forged link", "post", lambda o: {"token": FORGED, "pk": o["testimony_own"].pk}, NOT_FOUND),
    ],
    "testimony:voice_consent": [
        ("own testimony", "get", _voice("testimony_own"), ALL_OK),
        ("own testimony, posted empty", "post", _voice("testimony_own"), ALL_OK),
        ("someone else's testimony", "get", _voice("testimony_foreign"), NOT_FOUND),
        ("forged link", "get", lambda o: {"token": FORGED, "pk": o["testimony_own"].pk}, NOT_FOUND),
    ],
}


def objects(base: dict) -> dict:
    import datetime
    import io

    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage
    from PIL import Image

    from duo.survey.models import Answer, Response
    from duo.testimony import links
    from duo.testimony.models import QuoteSet, QuoteSetItem, Testimony

    def testimony(duo):
        return Testimony.objects.create(
            person=duo.mentee.person, side="mentee", duo=duo, text="Mon mentor m'a ouvert des portes.",
            language="fr", source="staff", consent="first_name", purpose="Rapport d'expérience 2027")

    def answer(duo):
        version = base["survey_version"]
        response = Response.objects.create(version=version, person=duo.mentee.person, duo=duo, antenna=duo.antenna,
                                           source="on_behalf", language="fr", answered_on=datetime.date(2026, 11, 2))
        return Answer.objects.create(response=response, question=version.questions.get(code="career_plan_words"),
                                     text="Devenir aide-comptable dans une PME.")

    def with_photo(duo):
        # One small PNG per antenna, written once per test run (MEDIA_ROOT is a temporary folder, tests/conftest.py).
        name = f"testimonies/matrix-{duo.antenna_id}.png"
        if not default_storage.exists(name):
            buffer = io.BytesIO()
            Image.new("RGB", (4, 4), (40, 120, 200)).save(buffer, "PNG")
            default_storage.save(name, ContentFile(buffer.getvalue()))
        return Testimony.objects.create(
            person=duo.mentee.person, side="mentee", duo=duo, text="Je peux mettre mon nom et ma photo.",
            language="fr", source="staff", consent="full_name", purpose="Rapport d'expérience 2027", photo=name)

    own, foreign = testimony(base["own"]), testimony(base["foreign"])
    quote_set = QuoteSet.objects.create(name="Mémorandum 2027 — brouillon")
    QuoteSetItem.objects.create(quote_set=quote_set, testimony=own)
    QuoteSetItem.objects.create(quote_set=quote_set, testimony=foreign, position=1)
    return {"testimony_own": own, "testimony_foreign": foreign, "testimony_set": quote_set,
            "testimony_token": links.token_for(base["own"].mentee.person),
            "testimony_answer_own": answer(base["own"]), "testimony_answer_foreign": answer(base["foreign"]),
            "testimony_photo_own": with_photo(base["own"]), "testimony_photo_foreign": with_photo(base["foreign"])}
